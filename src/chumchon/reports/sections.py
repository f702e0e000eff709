"""The registry of report sections: a report is an ordered list of sections, each one function.

A section is registered once with :func:`register_report_section` and says which kinds of report it
belongs to (``ReportKind``), its order and its title; its ``build`` function reads the data for a
:class:`ReportContext` (area, fiscal year, public or internal, the acting user) and returns the
section's blocks (``reports.document``), or ``None`` when it has nothing to say for that area.

The built-in sections live in ``reports.provincial`` (the people's provincial development report and
the area KPI report), ``reports.project_documents``, ``reports.indicators`` (indicators against targets)
and ``reports.assessment`` (the self-managing-province assessment), registered from
``reports/registrations.py`` (reports stands above both apps, so it may import their selectors). A
public section must return aggregates only, through ``portal.figures`` / ``portal.disclosure``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from chumchon.reports.document import Block


@dataclass
class ReportContext:
    kind: str
    area: Any  # areas.Area
    fiscal_year: int | None  # B.E.
    public: bool
    user: Any  # accounts.User, or None for a scheduled public report
    today: dt.date
    project: Any = None  # projects.Project, for the project documents
    cache: dict[str, Any] = field(default_factory=dict)  # shared reads between sections of one report


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str | Promise
    order: int
    kinds: tuple[str, ...]
    build: Callable[[ReportContext], list[Block] | None]


REPORT_SECTIONS: dict[str, ReportSection] = {}


def register_report_section(section: ReportSection) -> None:
    """Add (or replace, by key) a section."""
    REPORT_SECTIONS[section.key] = section


def sections_for(kind: str) -> list[ReportSection]:
    return sorted((s for s in REPORT_SECTIONS.values() if kind in s.kinds), key=lambda s: (s.order, s.key))
