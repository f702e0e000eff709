"""The built-in public sections: poverty figures, their trend, budget by programme and year, projects,
organisations. Each is one function returning a ``PublicTable`` (see ``portal.sections``)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from chumchon.budgets.models import FundBalance, Programme
from chumchon.core.thai import format_date_be
from chumchon.organizations.models import Body
from chumchon.portal import figures
from chumchon.portal.disclosure import Note
from chumchon.portal.places import Place, children
from chumchon.portal.sections import Column, LazyRows, PublicTable, Section, register_section
from chumchon.projects.models import Project, ProjectStatus
from chumchon.projects.selectors import progress_map

# Projects the public sees: from approval on (drafts and proposals under review are internal).
PUBLIC_STATUSES = (
    ProjectStatus.APPROVED,
    ProjectStatus.AGREEMENT_SIGNED,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.CLOSED,
)


def _english() -> bool:
    return (get_language() or "th").startswith("en")


def _pick(th: str, en: str) -> str:
    return en if _english() and en else th


# --- poverty -------------------------------------------------------------------------------------------


def latest_table() -> figures.RoundTable | None:
    rounds = figures.ready_rounds()
    return figures.round_table(rounds[-1]) if rounds else None


def poverty_rows(table: figures.RoundTable, places: list[Place]) -> tuple[list[dict[str, Any]], Note]:
    rows = []
    keys = []
    for p in places:
        if not table.has(p.key):
            continue
        keys.append(p.key)
        rows.append(
            {
                "code": p.key,
                "area": p.name,
                "households": table.value("households", p.key),
                "persons": table.value("persons", p.key),
                "target_poor_households": table.value("target_poor_households", p.key),
                "af_poor_households": table.value("af_poor_households", p.key),
                "headcount_pct": figures.percent(table.headcount_ratio(p.key)),
                "m0": figures.ratio(table.m0(p.key)),
            }
        )
    return rows, table.note_for(keys, figures.COUNTS)


POVERTY_COLUMNS = [
    Column("code", _("Code"), on_page=False),
    Column("area", _("Area")),
    Column("households", _("Households surveyed"), True),
    Column("persons", _("Persons"), True),
    Column("target_poor_households", _("Target poor households"), True),
    Column("af_poor_households", _("Multidimensionally poor households"), True),
    Column("headcount_pct", _("Headcount ratio H (%)"), True),
    Column("m0", _("Adjusted headcount ratio M0"), True),
]


def poverty_section(place: Place, fiscal_year: int | None) -> PublicTable:
    table = latest_table()
    if table is None:
        return PublicTable(columns=POVERTY_COLUMNS, rows=[])
    rows, note = poverty_rows(table, [place, *children(place)])
    return PublicTable(columns=POVERTY_COLUMNS, rows=rows, note=note, links=[r["code"] for r in rows])


TREND_COLUMNS = [
    Column("round", _("Survey round")),
    Column("year_be", _("Year (B.E.)")),
    Column("households", _("Households surveyed"), True),
    Column("target_poor_households", _("Target poor households"), True),
    Column("af_poor_households", _("Multidimensionally poor households"), True),
    Column("headcount_pct", _("Headcount ratio H (%)"), True),
    Column("m0", _("Adjusted headcount ratio M0"), True),
]


def trend_section(place: Place, fiscal_year: int | None) -> PublicTable:
    rows = []
    note = Note()
    for survey_round in figures.ready_rounds():
        table = figures.round_table(survey_round)
        if not table.has(place.key):
            continue
        note.add(table.measures["households"], [place.key])
        note.add(table.measures["target_poor_households"], [place.key])
        note.add(table.measures["af_poor_households"], [place.key])
        rows.append(
            {
                "round": survey_round.name,
                "year_be": survey_round.year_be,
                "households": table.value("households", place.key),
                "target_poor_households": table.value("target_poor_households", place.key),
                "af_poor_households": table.value("af_poor_households", place.key),
                "headcount_pct": figures.percent(table.headcount_ratio(place.key)),
                "m0": figures.ratio(table.m0(place.key)),
            }
        )
    return PublicTable(columns=TREND_COLUMNS, rows=rows, note=note)


# --- budget --------------------------------------------------------------------------------------------


BUDGET_COLUMNS = [
    Column("fiscal_year", _("Fiscal year (B.E.)")),
    Column("programme", _("Programme")),
    Column("allocated", _("Allocated (baht)"), True),
    Column("projects", _("Projects"), True),
    Column("approved", _("Approved (baht)"), True),
    Column("disbursed", _("Disbursed (baht)"), True),
    Column("spent", _("Reported spending (baht)"), True),
]


def public_projects(place: Place, fiscal_year: int | None = None) -> Any:
    qs = Project.objects.filter(place.area_q(), status__in=PUBLIC_STATUSES, parent__isnull=True)
    if fiscal_year:
        qs = qs.filter(programme__fiscal_year=fiscal_year)
    return qs


def budget_section(place: Place, fiscal_year: int | None) -> PublicTable:
    sums = (
        public_projects(place, fiscal_year)
        .values("programme_id")
        .annotate(
            n=Count("id"), approved=Sum("approved_amount"), disbursed=Sum("disbursed_amount"), spent=Sum("spent_amount")
        )
    )
    by_programme: dict[int, dict[str, Any]] = {row["programme_id"]: row for row in sums}
    allocated: dict[int, Decimal] = defaultdict(Decimal)
    if place.kind in ("nation", "region", "cluster", "province"):
        balances = FundBalance.objects.all()
        if place.kind != "nation":
            balances = balances.filter(province_code__in=place.prefixes)
        if fiscal_year:
            balances = balances.filter(programme__fiscal_year=fiscal_year)
        for pid, amount in (
            balances.values("programme_id").annotate(a=Sum("allocated")).values_list("programme_id", "a")
        ):
            allocated[pid] = amount or Decimal(0)
    ids = set(by_programme) | {pid for pid, a in allocated.items() if a}
    rows = []
    for programme in Programme.objects.filter(pk__in=ids).order_by("-fiscal_year", "code"):
        s = by_programme.get(programme.pk, {})
        rows.append(
            {
                "fiscal_year": programme.fiscal_year,
                "programme": _pick(programme.name_th, programme.name_en),
                "allocated": allocated.get(programme.pk)
                if place.kind in ("nation", "region", "cluster", "province")
                else None,
                "projects": s.get("n", 0),
                "approved": s.get("approved") or Decimal(0),
                "disbursed": s.get("disbursed") or Decimal(0),
                "spent": s.get("spent") or Decimal(0),
            }
        )
    return PublicTable(columns=BUDGET_COLUMNS, rows=rows)


# --- projects ------------------------------------------------------------------------------------------


PROJECT_COLUMNS = [
    Column("id", _("Project no."), on_page=False),
    Column("title", _("Project")),
    Column("fiscal_year", _("Fiscal year (B.E.)")),
    Column("programme", _("Programme")),
    Column("area", _("Area")),
    Column("proposer", _("Proposed by")),
    Column("status", _("Status")),
    Column("progress_pct", _("Progress (%)"), True),
    Column("approved", _("Approved (baht)"), True),
    Column("disbursed", _("Disbursed (baht)"), True),
    Column("resolution", _("Approved by (resolution)")),
]


def project_rows(projects: list[Project]) -> list[dict[str, Any]]:
    progress = progress_map(projects)
    rows = []
    for p in projects:
        resolution = p.approval_resolution
        rows.append(
            {
                "id": p.pk,
                "title": _pick(p.title_th, p.title_en),
                "fiscal_year": p.programme.fiscal_year,
                "programme": _pick(p.programme.name_th, p.programme.name_en),
                "area": _pick(p.area.name_th, p.area.name_en),
                "area_code": p.area.code,
                "proposer": _pick(p.proposer.name_th, p.proposer.name_en),
                "status": p.get_status_display(),
                "status_code": p.status,
                "progress_pct": progress.get(p.pk, p.progress_pct).quantize(Decimal("0.1")),
                "approved": p.approved_amount,
                "disbursed": p.disbursed_amount,
                "spent": p.spent_amount,
                "target_households": p.target_households,
                "resolution": (
                    gettext("%(body)s, meeting %(number)s, %(date)s")
                    % {
                        "body": _pick(resolution.body.name_th, resolution.body.name_en),
                        "number": resolution.number,
                        "date": format_date_be(resolution.meeting_date, short=True, lang="en" if _english() else "th"),
                    }
                    if resolution is not None
                    else ""
                ),
            }
        )
    return rows


def projects_queryset(place: Place, fiscal_year: int | None) -> Any:
    return (
        public_projects(place, fiscal_year)
        .select_related("programme", "area", "proposer", "approval_resolution__body")
        .order_by("-programme__fiscal_year", "area__code", "pk")
    )


def projects_section(place: Place, fiscal_year: int | None) -> PublicTable:
    return PublicTable(
        columns=PROJECT_COLUMNS, rows=LazyRows(projects_queryset(place, fiscal_year), project_rows), paginate=True
    )


# --- organisations -------------------------------------------------------------------------------------


BODY_COLUMNS = [
    Column("name", _("Organisation")),
    Column("kind", _("Kind")),
    Column("area", _("Area")),
    Column("members", _("Members"), True),
    Column("term_ends_on", _("Term ends")),
]


def bodies_section(place: Place, fiscal_year: int | None) -> PublicTable:
    q = place.area_q() & Q(scope_kind="area")
    if place.kind == "nation":
        q = Q()
    elif place.kind == "region":
        q |= Q(scope_kind="region", region__code=place.key)
    elif place.kind == "cluster":
        q |= Q(scope_kind="cluster", cluster__code=place.key)
    bodies = (
        Body.objects.filter(q, is_active=True)
        .select_related("area", "region", "cluster")
        .order_by("kind", "name_th", "pk")
    )
    return PublicTable(columns=BODY_COLUMNS, rows=LazyRows(bodies, body_rows), paginate=True)


def body_rows(bodies: list[Body]) -> list[dict[str, Any]]:
    return [
        {
            "name": _pick(b.name_th, b.name_en),
            "kind": b.get_kind_display(),
            "area": b.scope_label(),
            "members": b.member_count,
            "term_ends_on": format_date_be(b.term_ends_on, short=True, lang="en" if _english() else "th")
            if b.term_ends_on
            else "",
        }
        for b in bodies
    ]


def register_builtin_sections() -> None:
    register_section(
        Section(
            "poverty",
            _("Poverty (latest survey round)"),
            _("Households surveyed, target poor households and the Alkire–Foster multidimensional poverty figures."),
            10,
            poverty_section,
        )
    )
    register_section(
        Section(
            "trend",
            _("Poverty over the survey rounds"),
            _("The same figures for this area in every survey round."),
            20,
            trend_section,
        )
    )
    register_section(
        Section(
            "budget",
            _("Budget by programme and fiscal year"),
            _("Money allocated, approved, disbursed and reported spent, by programme and fiscal year."),
            30,
            budget_section,
        )
    )
    register_section(
        Section(
            "projects",
            _("Projects"),
            _("Approved projects with their status, progress and the resolution that approved them."),
            40,
            projects_section,
        )
    )
    register_section(
        Section(
            "organisations",
            _("Community organisations and committees"),
            _("Active community organisations, funds and committees working in this area."),
            50,
            bodies_section,
        )
    )
