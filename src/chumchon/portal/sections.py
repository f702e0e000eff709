"""The registry of public sections and open datasets.

A section is one block of a public area page and, at the same time, one open dataset (CSV, JSON,
DCAT entry). Adding one — plans and their items, committees, funds and relief as those apps land — is
one function that returns a :class:`PublicTable` for a place and a fiscal year, registered with
:func:`register_section`. Every table a section returns has already gone through the disclosure
module: counts of people come from ``portal.figures`` (suppressed); a section adds only aggregates
and public facts (bodies, resolutions, programmes, projects).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from chumchon.portal.disclosure import Note
from chumchon.portal.places import Place


@dataclass
class Column:
    key: str
    label: str | Promise
    numeric: bool = False


@dataclass
class PublicTable:
    columns: list[Column]
    rows: list[dict[str, Any]]
    note: Note = field(default_factory=Note)
    # Optional per-row link (same order as rows) for the page; downloads ignore it.
    links: list[str] = field(default_factory=list)
    paginate: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    description: str | Promise
    order: int
    build: Callable[[Place, int | None], PublicTable]
    frequency: str = "http://publications.europa.eu/resource/authority/frequency/IRREG"


PUBLIC_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    PUBLIC_SECTIONS[section.key] = section


def sections() -> list[Section]:
    return sorted(PUBLIC_SECTIONS.values(), key=lambda s: (s.order, s.key))
