"""The registry of public sections and open datasets.

A section is one block of a public area page and, at the same time, one open dataset (CSV, JSON,
DCAT entry). Adding one — plans and their items, committees, funds and relief as those apps land — is
one function that returns a :class:`PublicTable` for a place and a fiscal year, registered with
:func:`register_section`. Every table a section returns has already gone through the disclosure
module: counts of people come from ``portal.figures`` (suppressed); a section adds only aggregates
and public facts (bodies, resolutions, programmes, projects).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from django.utils.functional import Promise

from chumchon.portal.disclosure import Note
from chumchon.portal.places import Place


@dataclass
class Column:
    key: str
    label: str | Promise
    numeric: bool = False
    on_page: bool = True  # False: downloads only (codes that the page shows as links)


class LazyRows(Sequence[dict[str, Any]]):
    """Rows built only for the slice a page shows (a long list pages in the database, not in Python)."""

    def __init__(self, queryset: Any, make_rows: Callable[[list[Any]], list[dict[str, Any]]]) -> None:
        self.queryset = queryset
        self.make_rows = make_rows
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return self.make_rows(list(self.queryset[index]))
        return self.make_rows([self.queryset[index]])[0]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        chunk = 500
        for start in range(0, len(self), chunk):
            yield from self[start : start + chunk]


@dataclass
class PublicTable:
    columns: list[Column]
    rows: Sequence[dict[str, Any]]
    note: Note = field(default_factory=Note)
    # Optional per-row link (same order as rows) for the page; downloads ignore it.
    links: list[str] = field(default_factory=list)
    paginate: bool = False

    @property
    def page_columns(self) -> list[Column]:
        return [c for c in self.columns if c.on_page]


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
