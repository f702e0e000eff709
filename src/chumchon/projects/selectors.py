"""Reads for projects: scoped lists, the project page, progress roll-up and money summaries.

Progress roll-up (Decidim-style): a project's progress is the weighted mean of its activities
(weight = activity weight) and its sub-projects (weight = the sub-project's ``weight``, their own
progress rolled up the same way); a project with neither uses the % of its latest progress report.
Projects roll up to programmes and areas weighted by their approved amount.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import (
    Aggregate,
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Round, Substr
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.budgets.models import Programme
from chumchon.budgets.selectors import IndicatorValues
from chumchon.core import prepared
from chumchon.core.dopa import prefix_head_q, prefix_range_q, prefix_ranges_sql
from chumchon.core.request_memo import remembered
from chumchon.core.thai import format_baht
from chumchon.meetings import authority
from chumchon.meetings.authority import Category, Power, Subject
from chumchon.projects import kept_progress
from chumchon.projects.models import (
    FUNDED_STATUSES,
    Activity,
    KeptProgress,
    Project,
    ProjectIndicator,
    ProjectStatus,
    ProjectTally,
)
from chumchon.projects.rolled import Breakdown, chunks
from chumchon.projects.rolled import rolled_progress as _rolled_progress
from chumchon.projects.rolled import weighted_mean as weighted_mean  # the roll-up's mean, public here too
from chumchon.projects.services import may_cancel, may_return
from chumchon.projects.transitions import ALLOWED_FROM

S = ProjectStatus
ZERO = Decimal(0)
HUNDRED = Decimal(100)
PCT = Decimal("0.01")
# Statuses whose money counts as approved in roll-ups (closed projects keep their approved amount).
APPROVED_STATUSES = frozenset(FUNDED_STATUSES | {S.CLOSED})
OVERDUE_STATUSES = (S.AGREEMENT_SIGNED, S.IN_PROGRESS)


def _q2(value: Decimal) -> Decimal:
    return value.quantize(PCT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------
# Lists and single projects


def _scope_areas(user: User | AnonymousUser, action: str) -> QuerySet[Any]:
    """The ids of the areas in ``user``'s scope for ``action`` (a subquery).

    The scope's code prefixes as ranges of the code (``"10" <= code < "11"``), which the code index
    answers: the same areas as ``permissions.scoped``'s ``LIKE '10%'``, which is tested on every area."""
    prefixes = permissions.grants_for(user).prefixes(action)
    if not prefixes:
        return Area.objects.none().values("pk")
    return Area.objects.filter(_code_ranges(prefixes, "code")).values("pk")


def _code_ranges(prefixes: Iterable[str], field_name: str) -> Q:
    """Codes starting with one of ``prefixes`` (digits), as ranges; the empty prefix is every code."""
    return prefix_range_q(prefixes, field_name)


def project_list(
    user: User | AnonymousUser,
    *,
    fiscal_year: int | None = None,
    programme_id: int | None = None,
    status: str | None = None,
    area_code: str | None = None,
    housing: bool | None = None,
    overdue: bool = False,
    text: str = "",
    newest_walk: bool = False,
    few: bool = False,
) -> QuerySet[Project]:
    """Projects the user may see (PROJECT_VIEW scope), filtered.

    The scope is applied as "area in (the areas of the scope)": the same rows as a condition on the
    joined area's code, but the database reads the projects of those areas through the area index
    instead of joining every project in the country (the list's roll-up sums the whole scope).

    ``newest_walk``: for one page of a set that holds a good share of all projects (a regional or
    national scope), the database reads projects newest first (``project_newest_area_idx``) and stops
    after the page instead of reading and sorting the whole set; each project read is tested for the
    scope on its area, joined by primary key, as the code's head in a list (``prefix_head_q``: no code
    index answers it, so neither database first lists every area of the scope — ~9,000 for a region,
    ~7 ms on SQLite — or scans the whole area table into a Bloom filter).

    ``few``: the caller narrows the set by a condition an index answers with few projects (the worklist's
    statuses and due dates): each of them is tested for the scope the same way rather than
    listing the scope's areas first (3.7 ms of SQLite's CPU per statement for a region's, 0.2 ms for the
    country's 17 approved projects).

    An ``area_code`` inside the scope (under one of its prefixes) implies it: the projects are then chosen
    by the area's code alone (a tambon's projects through the code index; listing the scope's areas cost a
    region ~7 ms a statement)."""
    prefixes = permissions.grants_for(user).prefixes(Action.PROJECT_VIEW)
    # created_at is never null: naming it picks the newest-first partial index, for the walk only.
    qs = Project.objects.filter(created_at__isnull=False) if newest_walk else Project.objects.all()
    if area_code and any(area_code.startswith(p) for p in prefixes):
        pass  # the area filter below implies the scope
    elif newest_walk or few:
        if not prefixes:
            qs = qs.none()
        elif "" not in prefixes:  # the whole country: every project (its area is never null)
            qs = _walked_in_scope(qs, prefixes)
    else:
        qs = Project.objects.filter(area__in=_scope_areas(user, Action.PROJECT_VIEW))
    if fiscal_year:
        qs = qs.filter(programme__fiscal_year=fiscal_year)
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if status:
        qs = qs.filter(status=status)
    if area_code:
        qs = qs.filter(prefix_range_q([area_code], "area__code"))
    if housing is not None:
        qs = qs.filter(is_housing=housing)
    if overdue:
        qs = overdue_filter(qs)
    if text:
        qs = qs.filter(Q(title_th__icontains=text) | Q(title_en__icontains=text))
    return qs.select_related("area", "programme", "proposer").order_by("-created_at", "-id")


def _walked_in_scope(qs: QuerySet[Project], prefixes: frozenset[str]) -> QuerySet[Project]:
    """``qs``'s projects in the areas under ``prefixes``, tested on each project the database walks (by its
    area's primary key) as the area code's head in a list (``prefix_head_q``: a hash on PostgreSQL, where a
    region's 13 code ranges were 26 comparisons a project; no code index answers it, so the walk stays a walk).

    PostgreSQL tests it on the area the row joins anyway (its code and name are shown): one probe of the
    area a project, not two (an ``EXISTS`` on a second copy) — a region's list walks ~1,900 projects. SQLite
    keeps the ``EXISTS``: a condition on the joined area makes it scan the whole area table into a Bloom
    filter first (1.8 ms instead of 0.5)."""
    if connection.vendor == "postgresql":
        return qs.filter(prefix_head_q(prefixes, "area__code"))
    return qs.filter(Exists(Area.objects.filter(prefix_head_q(prefixes, "code"), pk=OuterRef("area_id"))))


def awaiting_payout(qs: QuerySet[Project], *, newest_walk: bool = False) -> QuerySet[Project]:
    """The running projects of ``qs`` with money still to pay out (approved more than disbursed so far): the
    worklist's "tranche to disburse" (โครงการที่รอเบิกจ่ายงวดเงิน), before its scope.

    ``newest_walk``: ``qs`` is read newest first for one page (``project_list(newest_walk=True)``) and these
    projects are a good share of it: the status is then tested as an expression no index answers, else
    SQLite reads every running project of the country through the status index and sorts them all (a
    national admin's page: 104 ms instead of 0.1)."""
    if newest_walk:
        running_q = Case(When(status__in=OVERDUE_STATUSES, then=Value(True)), default=Value(False))
        qs = qs.alias(_running=ExpressionWrapper(running_q, output_field=BooleanField())).filter(_running=True)
    else:
        qs = qs.filter(status__in=OVERDUE_STATUSES)
    return qs.filter(approved_amount__isnull=False, disbursed_amount__lt=F("approved_amount"))


def overdue_filter(qs: QuerySet[Project], today: dt.date | None = None) -> QuerySet[Project]:
    """Running projects whose report due date has passed with no report."""
    return qs.filter(status__in=OVERDUE_STATUSES, next_report_due__lt=today or timezone.localdate())


# The project page's lists of the project's own rows, each read by its own statement (issue 16 item 4).
PAGE_PARTS = ("activities", "budget_lines", "co_funding", "indicators", "tranches", "progress_reports", "attachments")


def project_get(user: User | AnonymousUser, pk: int, *, parts_present: bool = False) -> Project:
    """One project for its page; out of scope (or missing) → 404. With ``parts_present`` the same statement
    also says which of ``PAGE_PARTS`` hold any row (``page_parts(project)``): the page reads only those — a
    project without budget lines, co-funding, tranches… costs no statement for each."""
    qs = Project.objects.select_related("area", "area__parent", "programme", "proposer", "parent", "plan_item__plan")
    if parts_present:
        qs = qs.annotate(page_parts_mask=RawSQL(_parts_mask_sql(), (), output_field=IntegerField()))
    project = qs.filter(pk=pk).first()
    if project is None:
        raise Http404("ไม่พบโครงการ / Project not found")
    permissions.require_read(user, Action.PROJECT_VIEW, project)
    return project


def page_parts(project: Project) -> set[str]:
    """The ``PAGE_PARTS`` of a project read by ``project_get(..., parts_present=True)`` that hold rows."""
    mask = project.page_parts_mask  # type: ignore[attr-defined]
    return {name for bit, name in enumerate(PAGE_PARTS) if mask & (1 << bit)}


@functools.cache
def _parts_mask_sql() -> str:
    """One integer, bit ``i`` set when ``PAGE_PARTS[i]`` holds a row: an ``EXISTS`` on its project key each
    (indexed), written once — seven ORM ``Exists`` compiled on every request cost more CPU than the
    statements they save."""
    q = connection.ops.quote_name
    project = q(Project._meta.db_table)
    terms = []
    for bit, name in enumerate(PAGE_PARTS):
        field = Project._meta.get_field(name)
        rows = field.related_model._meta  # type: ignore[union-attr]
        column = field.field.column  # type: ignore[union-attr]
        terms.append(
            f"(CASE WHEN EXISTS (SELECT 1 FROM {q(rows.db_table)} WHERE {q(rows.db_table)}.{q(column)} = "
            f"{project}.{q('id')}) THEN {1 << bit} ELSE 0 END)"
        )
    return " + ".join(terms)


def project_timeline(project: Project) -> QuerySet[Any]:
    return project.events.select_related("actor", "resolution", "resolution__body").order_by("at", "id")


def filter_choices() -> tuple[list[int], list[tuple[str, str]]]:
    """The project list's filter choices from one read of the programmes: the fiscal years (newest first,
    each once) and each programme as (id, label) in the programmes' order (``str(programme)``)."""
    rows = list(Programme.objects.values_list("pk", "name_th", "fiscal_year"))
    years = sorted({fy for _, _, fy in rows}, reverse=True)
    return years, [(str(pk), Programme.label(name, fy)) for pk, name, fy in rows]


def programmes(fiscal_year: int | None = None) -> QuerySet[Any]:
    qs = Programme.objects.all()
    return qs.filter(fiscal_year=fiscal_year) if fiscal_year else qs


# ---------------------------------------------------------------------------------------------
# What the user may do now (the buttons on the project page)

TRANSITION_ORDER = ("submit", "screen", "return", "approve", "reject", "sign", "disburse", "report", "close", "cancel")


def _subject(project: Project, power: Power) -> Subject:
    """The decision as the service will put it to ``meetings.authority`` (services.approval_subject):
    the programme, amount and province choose the rule, and the rule names the deciding role, so a
    page offers the decision only to a holder of that role. ``may_decide`` reads the rule only for a
    user who holds the permission at all."""
    return Subject(
        power=power,
        category=Category.HOUSING if project.is_housing else Category.ORDINARY,
        programme_id=project.programme_id,
        programme_code=project.programme.code,
        fiscal_year=project.programme.fiscal_year,
        amount=project.requested_amount,
        province_code=project.area.code[:2],
    )


def available_transitions(user: User | AnonymousUser, project: Project) -> list[str]:
    """The transitions that the project's status allows AND the user's roles and scope permit."""
    checks = {
        "submit": lambda: permissions.can(user, Action.PROJECT_PROPOSE, project),
        "screen": lambda: permissions.can(user, Action.PROJECT_SCREEN, project),
        "return": lambda: may_return(user, project),
        "approve": lambda: authority.may_decide(user, _subject(project, Power.APPROVE), project),
        "reject": lambda: authority.may_decide(user, _subject(project, Power.REJECT), project),
        "sign": lambda: permissions.can(user, Action.PROJECT_SIGN, project),
        "disburse": lambda: authority.may_decide(user, _subject(project, Power.DISBURSE), project),
        "report": lambda: permissions.can(user, Action.PROJECT_REPORT, project),
        "close": lambda: permissions.can(user, Action.PROJECT_CLOSE, project),
        "cancel": lambda: may_cancel(user, project),
    }
    return [name for name in TRANSITION_ORDER if project.status in ALLOWED_FROM[name] and checks[name]()]


def can_edit(user: User | AnonymousUser, project: Project) -> bool:
    return project.is_editable and permissions.can(user, Action.PROJECT_PROPOSE, project)


# ---------------------------------------------------------------------------------------------
# Progress roll-up


def progress_map(
    projects: Iterable[Project],
    *,
    known: Breakdown | None = None,
    read_activities: dict[int, list[tuple[Decimal, Decimal]]] | None = None,
    children_found: dict[int, list[int]] | None = None,
) -> dict[int, Decimal]:
    """Rolled-up % progress for each project, with few queries (activities and sub-projects in bulk).

    ``known``: every project with activities and every one with sub-projects (``breakdown()``): then only
    those are asked for theirs (no query when none is among them).
    ``read_activities``: (weight, %) of the activities of projects whose activities the caller has read
    already (in their order), not read again. ``children_found``: filled with each project's sub-projects.
    Sums stay in Python Decimal (SQLite would multiply decimals as floats)."""
    projects = list(projects)
    if not projects:
        return {}
    rolled = _rolled_progress(
        {p.pk: (p.weight, p.progress_pct) for p in projects},
        known,
        read_activities=read_activities,
        children_found=children_found,
    )
    return {p.pk: rolled[p.pk] for p in projects}


def project_progress(project: Project) -> Decimal:
    return progress_map([project])[project.pk]


def project_progress_and_children(project: Project, activities: Sequence[Activity]) -> tuple[Decimal, bool]:
    """``project_progress`` given the project's activities already read (its page lists them), and whether
    it has sub-projects (a page without any needs no read of the ones its user may see)."""
    children: dict[int, list[int]] = {}
    pct = progress_map(
        [project],
        read_activities={project.pk: [(a.weight, a.progress_pct) for a in activities]},
        children_found=children,
    )[project.pk]
    return pct, bool(children.get(project.pk))


@dataclass
class Rollup:
    """Counts and money of a set of projects (a programme, an area, a user's scope)."""

    key: str = ""
    label: str = ""
    projects: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    requested: Decimal = ZERO
    approved: Decimal = ZERO
    disbursed: Decimal = ZERO
    spent: Decimal = ZERO
    progress_pct: Decimal | None = None  # weighted by approved amount
    overdue: int = 0
    _weighted: Decimal = ZERO

    @property
    def approved_projects(self) -> int:
        return sum(n for s, n in self.by_status.items() if s in APPROVED_STATUSES)

    @property
    def disbursed_pct(self) -> Decimal | None:
        return _q2(self.disbursed * HUNDRED / self.approved) if self.approved else None


_WEIGHT_SCALE = Decimal(10_000)  # satang (×100) × hundredths of a per cent (×100)


def _hundredths(field_name: str) -> Cast:
    """A two-decimal field as a whole number of hundredths (exact: ROUND removes a float's noise)."""
    scaled = Round(F(field_name) * Value(Decimal(100)), output_field=DecimalField(max_digits=20, decimal_places=0))
    return Cast(scaled, BigIntegerField())


def rollup(
    projects: QuerySet[Project],
    *,
    key_field: str | None = None,
    key_length: int | None = None,
    progress: bool = True,
    few: bool = False,
) -> dict[str, Rollup]:
    """Roll projects up by a key (``programme_id``, or the area code cut to ``key_length`` digits).

    Money: requested over all, approved/disbursed/spent over approved (and closed) projects;
    progress is the approved-amount-weighted mean of the projects' rolled-up progress.
    Returns {key: Rollup}; the key "" holds the total.

    Counts and money are summed by the database for the whole set (a national scope holds tens of
    thousands of projects). Progress needs the roll-up only for projects that have activities or
    sub-projects; every other project's rolled-up progress is its reported one, so approved amounts
    are summed per (key, reported %) in SQL and multiplied here in Decimal. ``progress=False``: counts and
    money only (``progress_pct`` left None; the area pages' headline shows no progress).

    ``few``: an index narrows ``projects`` to few (the worklist's statuses): up to ``FEW_ROWS`` of them are read
    and summed here (``_sum_few``: one plain statement, where the aggregate and the kept-progress correction were
    two costing ~2 ms to build and compile); more are summed by the database, the key grouped as an expression
    (``programme_id + 0``, the same value) so that SQLite reads them through that index instead of walking the
    whole (programme, status) index in its order, 100,000 entries at national volume (its statistics do not
    know that "approved" holds a handful of the ~10 statuses' projects).
    """
    today = timezone.localdate()
    base = projects.order_by().select_related(None)
    if few and progress and key_length is None:
        summed = _sum_few(base, key_field, today)
        if summed is not None:
            return summed
    if key_field and few:
        base = base.annotate(_key=ExpressionWrapper(F(key_field) + 0, output_field=IntegerField()))
    elif key_field:
        base = base.annotate(_key=F(key_field))
    elif key_length:
        base = base.annotate(_key=Substr("area__code", 1, key_length))
    else:
        base = base.annotate(_key=Value(""))
    funded = Q(status__in=APPROVED_STATUSES, approved_amount__gt=0)
    groups: dict[str, Rollup] = {"": Rollup(key="")}

    def targets(key: Any) -> list[Rollup]:
        keys = {"", "" if key is None else str(key)}
        return [groups.setdefault(k, Rollup(key=k)) for k in keys]

    # One pass: counts and money per (key, status). Σ approved × reported % is summed as whole numbers
    # (satang × hundredths of a per cent, both exact as the fields have two decimal places), so it stays
    # exact on SQLite, which multiplies decimals as floats, and the database returns one row per
    # (key, status) however many projects the set holds (grouping by the reported % too returned one
    # row per project at national volume and cost more in Python than in the database).
    sums: dict[str, Any] = {
        "n": Count("id"),
        "requested": Sum("requested_amount"),
        "approved": Sum("approved_amount", filter=funded),
        "disbursed": Sum("disbursed_amount", filter=funded),
        "spent": Sum("spent_amount", filter=funded),
        "overdue": Count("id", filter=Q(status__in=OVERDUE_STATUSES, next_report_due__lt=today)),
    }
    if progress:  # the weighted sum only when progress is asked for (its expression is the costliest to build)
        sums["weighted"] = Sum(_hundredths("approved_amount") * _hundredths("progress_pct"), filter=funded)
    by_status = base.values("_key", "status").annotate(**sums)
    for row in by_status:
        weighted = Decimal(row.get("weighted") or 0) / _WEIGHT_SCALE
        for r in targets(row["_key"]):
            r.projects += row["n"]
            r.by_status[row["status"]] = r.by_status.get(row["status"], 0) + row["n"]
            r.requested += row["requested"] or ZERO
            r.approved += row["approved"] or ZERO
            r.disbursed += row["disbursed"] or ZERO
            r.spent += row["spent"] or ZERO
            r.overdue += row["overdue"]
            r._weighted += weighted
    if not progress:
        return groups
    _correct_rolled_up(base.filter(funded), targets)
    for r in groups.values():
        r.progress_pct = _q2(r._weighted / r.approved) if r.approved else None
    return groups


# A "few" set (``rollup(few=True)``) up to this size is read and summed in Python; a larger one by the database.
FEW_ROWS = 500


def _sum_few(projects: QuerySet[Project], key_field: str | None, today: dt.date) -> dict[str, Rollup] | None:
    """``rollup(projects, key_field=…)`` summed here from the projects' own values (None when there are more than
    ``FEW_ROWS``): the same figures — Decimal sums are exact, as the database's are made by ``rollup`` — each
    funded project weighted by its rolled-up % (the one computed now for a project writes have marked, else its
    kept one, read with it, else its reported one), as ``page_progress`` gives it."""
    key_column = key_field or "pk"  # without a key: any column (every project counts in the total only)
    columns = ("pk", key_column, "status", "requested_amount", "approved_amount", "disbursed_amount")
    rows = list(
        with_rolled_progress(projects).values_list(  # type: ignore[misc]
            *columns, "spent_amount", "progress_pct", "kept_pct", "next_report_due"
        )[: FEW_ROWS + 1]
    )
    if len(rows) > FEW_ROWS:
        return None
    fresh = kept_progress.pending() if rows else {}
    groups: dict[str, Rollup] = {"": Rollup(key="")}
    for pk, key, status, requested, approved, disbursed, spent, reported, kept, due in rows:
        group = "" if key is None or not key_field else str(key)
        targets = [groups[""]] if not group else [groups[""], groups.setdefault(group, Rollup(key=group))]
        funded = status in APPROVED_STATUSES and approved is not None and approved > 0
        overdue = status in OVERDUE_STATUSES and due is not None and due < today
        pct = (fresh[pk] if pk in fresh else reported if kept is None else _q2(kept)) if funded else ZERO
        for r in targets:
            r.projects += 1
            r.by_status[status] = r.by_status.get(status, 0) + 1
            r.requested += requested
            r.overdue += overdue
            if funded:
                r.approved += approved
                r.disbursed += disbursed
                r.spent += spent
                r._weighted += approved * pct
    for r in groups.values():
        r.progress_pct = _q2(r._weighted / r.approved) if r.approved else None
    return groups


def _correct_rolled_up(funded: QuerySet[Project], targets: Any) -> None:
    """Swap the reported % of the ``funded`` projects (annotated with ``_key``) that have activities or
    sub-projects for their rolled-up one in the weighted sums: the kept value (``KeptProgress``: a few hundred
    in the country, found from there, not by testing every project of the set), or the one computed now for
    those writes have marked and no writer has settled yet (``kept_progress.pending``)."""
    fresh = kept_progress.pending()
    kept = with_rolled_progress(funded.filter(pk__in=KeptProgress.objects.values("project_id")))
    rows = kept.values_list("pk", "_key", "approved_amount", "progress_pct", "kept_pct")  # type: ignore[misc]
    for pk, key, approved, reported, kept_pct in rows:
        if pk not in fresh and kept_pct is not None:
            for r in targets(key):
                r._weighted += (approved or ZERO) * (_q2(kept_pct) - reported)
    for chunk in chunks(sorted(fresh)):
        marked = funded.filter(pk__in=chunk).values_list("pk", "_key", "approved_amount", "progress_pct")  # type: ignore[misc]
        for pk, key, approved, reported in marked:
            for r in targets(key):
                r._weighted += (approved or ZERO) * (fresh[pk] - reported)


def _read_breakdown() -> Breakdown:
    activities = Activity.objects.order_by().annotate(_of=Value(1)).values_list("project_id", "_of").distinct()
    parents = (
        Project.objects.filter(parent__isnull=False)
        .order_by()
        .annotate(_of=Value(2))
        .values_list("parent_id", "_of")
        .distinct()
    )
    with_activities: set[int] = set()
    with_children: set[int] = set()
    for pk, of in activities.union(parents, all=True):  # one query
        (with_activities if of == 1 else with_children).add(pk)
    return Breakdown(frozenset(with_activities), frozenset(with_children))


def breakdown() -> Breakdown:
    """Every project with activities, every one with sub-projects (a few hundred in the country): the only
    ones whose rolled-up progress differs from their reported one. Read once per request (the list's
    roll-up and its page of rows both ask); a project with neither rolls up to its reported %."""
    return remembered(("projects.breakdown",), _read_breakdown)


def breakdown_ids() -> frozenset[int]:
    """The projects with activities or sub-projects (``breakdown()``)."""
    known = breakdown()
    return known.with_activities | known.with_children


def with_rolled_progress(projects: QuerySet[Project]) -> QuerySet[Project]:
    """``projects`` with each one's kept rolled-up % read in the same statement (``kept_pct``, NULL for a
    project without activities or sub-projects), for ``page_progress``."""
    kept = RawSQL(kept_progress.KEPT_OF_ROW, (), output_field=DecimalField(max_digits=5, decimal_places=2))
    return projects.annotate(kept_pct=kept)


class AreaShown(NamedTuple):
    """What a list row shows of its project's area."""

    code: str
    name_th: str


class ProgrammeShown(NamedTuple):
    """What a list row shows of its project's programme."""

    name_th: str
    fiscal_year: int


@dataclass(slots=True)
class ListRow:
    """One row of the project list: what ``{% project_rows %}`` writes and ``page_progress`` reads, under the
    model's names — read as values (``list_row_values``), not as three models a row: building 50 projects,
    areas and programmes cost ~1 ms a page at national volume."""

    pk: int
    title_th: str
    status: str
    requested_amount: Decimal
    approved_amount: Decimal | None
    progress_pct: Decimal
    kept_pct: Decimal | None
    area: AreaShown
    programme: ProgrammeShown
    is_report_overdue: bool
    list_url: str


# The columns of a list row, in ``ListRow``'s order (``kept_pct`` from ``with_rolled_progress``).
_LIST_ROW_COLUMNS = (
    "id",
    "title_th",
    "status",
    "requested_amount",
    "approved_amount",
    "progress_pct",
    "kept_pct",
    "area__code",
    "area__name_th",
    "programme__name_th",
    "programme__fiscal_year",
    "next_report_due",
)


def list_row_values(projects: QuerySet[Project]) -> QuerySet[Any]:
    """``projects`` (``project_list``, in its order) as the values of the list's rows, each one's kept rolled-up
    % read with it: page them, then make them ``list_rows``."""
    return with_rolled_progress(projects).values_list(*_LIST_ROW_COLUMNS)


def list_rows(values: Iterable[tuple[Any, ...]], link: Callable[[int], str]) -> list[ListRow]:
    """``list_row_values``' rows as ``ListRow``s; ``link``: a project's page from its id. "Report overdue" as
    ``Project.is_report_overdue`` says it, for today."""
    today = timezone.localdate()
    running = OVERDUE_STATUSES
    return [
        ListRow(
            pk,
            title,
            status,
            requested,
            approved,
            reported,
            kept,
            AreaShown(area_code, area_name),
            ProgrammeShown(programme_name, fiscal_year),
            status in running and due is not None and due < today,
            link(pk),
        )
        for (
            pk,
            title,
            status,
            requested,
            approved,
            reported,
            kept,
            area_code,
            area_name,
            programme_name,
            fiscal_year,
            due,
        ) in values
    ]


def page_progress(projects: Iterable[Project | ListRow]) -> dict[int, Decimal]:
    """Rolled-up % of each project of a page: the kept value of those with activities or sub-projects
    (``kept_progress``: read with the rows by ``with_rolled_progress``, else here) — computed now for those
    writes have marked and no writer has settled yet (``kept_progress.pending``) — the reported % of the
    others. Equal to ``progress_map``."""
    projects = list(projects)
    if all(hasattr(p, "kept_pct") for p in projects):
        fresh = kept_progress.pending()
        # Quantized: SQLite returns a computed column's decimal as a float's 15 digits ("29.2000000000000").
        return {
            p.pk: fresh[p.pk] if p.pk in fresh else p.progress_pct if p.kept_pct is None else _q2(p.kept_pct)  # type: ignore[union-attr]
            for p in projects
        }
    kept = kept_progress.kept_for([p.pk for p in projects])
    return {p.pk: kept.get(p.pk, p.progress_pct) for p in projects}


def _correct_pending(projects: Callable[[], QuerySet[Project]], targets: Any) -> None:
    """The tally's progress weights hold each funded project's kept rolled-up % (its triggers follow
    ``KeptProgress``); for the projects writes have marked and no writer has settled yet, move the weight
    from that kept (or reported) % to the one computed now (``kept_progress.pending``; nothing when none)."""
    fresh = kept_progress.pending()
    if not fresh:
        return
    funded = with_rolled_progress(projects().filter(status__in=APPROVED_STATUSES, approved_amount__gt=0))
    for chunk in chunks(sorted(fresh)):
        rows = funded.filter(pk__in=chunk).values_list("id", "progress_pct", "kept_pct", "approved_amount", "_key")  # type: ignore[misc]
        for pk, pct, kept, approved, key in rows:
            held = pct if kept is None else _q2(kept)
            for r in targets(key):
                r._weighted += approved * (fresh[pk] - held)


def scope_rollup(
    user: User | AnonymousUser,
    *,
    key_field: str | None = None,
    fiscal_year: int | None = None,
    programme_id: int | None = None,
    status: str | None = None,
    area_code: str | None = None,
    progress: bool = True,
    to_disburse: bool = False,
) -> dict[str, Rollup] | None:
    """``rollup(project_list(user, …), key_field=…, progress=…)`` read from the materialised ``ProjectTally``, or None
    when the tally cannot answer (a scope or an area filter finer than a province: those sets are small
    and ``rollup`` sums them directly).

    The tally holds counts and money per (province, programme, status) and the progress weights, with the
    kept rolled-up % of projects with activities or sub-projects (``kept_progress``); overdue reports (which
    depend on today's date) are added from the projects themselves, through their index.

    ``to_disburse``: the worklist's "tranche to disburse" set (``awaiting_payout`` in the scope of
    ``PROJECT_DISBURSE`` too), from the tally's ``to_disburse`` columns."""
    if key_field not in (None, "programme_id"):
        return None
    grants = permissions.grants_for(user)
    prefixes = grants.prefixes(Action.PROJECT_VIEW)
    if not prefixes or any(len(p) not in (0, 2) for p in prefixes) or len(area_code or "") not in (0, 2):
        return None
    provinces: set[str] | None = None if "" in prefixes else set(prefixes)
    if to_disburse:
        try:
            paying = _provinces_of(grants.prefixes(Action.PROJECT_DISBURSE))
        except ValueError:
            return None
        if not grants.prefixes(Action.PROJECT_DISBURSE):
            paying = set()
        provinces = paying if provinces is None else provinces if paying is None else provinces & paying
    if area_code:
        provinces = {area_code} if provinces is None or area_code in provinces else set()
    groups: dict[str, Rollup] = {"": Rollup(key="")}
    total = groups[""]
    money: dict[str, list[int]] = {}  # group -> [requested, approved, disbursed, spent, weighted], in satang
    if provinces != set():  # no province in scope: nothing to read
        sql, params = _tally_sql(
            by_programme=bool(key_field),
            provinces=provinces,
            fiscal_year=fiscal_year,
            programme_id=programme_id,
            status=status,
            to_disburse=to_disburse,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        everything = None
        for row_key, row_status, n, requested, approved, disbursed, spent, weighted, every in rows:
            n = int(n or 0)  # PostgreSQL sums bigints as numeric
            if row_status is not None:
                everything = every
            if not n:  # a tally row left empty (its projects deleted, or none left to pay out): no group
                continue
            key = str(row_key)
            group = groups.get(key)
            if group is None:
                group = groups[key] = Rollup(key=key)
            if row_status is None:  # the count of overdue reports
                total.overdue += n
                if group is not total:
                    group.overdue += n
                continue
            funded = row_status in APPROVED_STATUSES
            for r in (total,) if group is total else (total, group):
                r.projects += n
                r.by_status[row_status] = r.by_status.get(row_status, 0) + n
                sums = money.setdefault(r.key, [0, 0, 0, 0, 0])
                sums[0] += int(requested or 0)
                if funded:
                    sums[1] += int(approved or 0)
                    sums[2] += int(disbursed or 0)
                    sums[3] += int(spent or 0)
                    sums[4] += int(weighted or 0)
        if everything is not None:  # every project in the country, read with the rows (``broad`` asks it next)
            remembered(_ALL_PROJECTS, functools.partial(int, everything))
    # Whole satang (and satang × hundredths of a per cent) summed per group, made baht once per group: the
    # same exact sums as adding each row's baht, without a Decimal division per row and group.
    for g, (requested, approved, disbursed, spent, weighted) in money.items():
        r = groups[g]
        r.requested = _q2(Decimal(requested) / HUNDRED)
        r.approved = _q2(Decimal(approved) / HUNDRED)
        r.disbursed = _q2(Decimal(disbursed) / HUNDRED)
        r.spent = _q2(Decimal(spent) / HUNDRED)
        r._weighted = Decimal(weighted) / _WEIGHT_SCALE
    for r in groups.values():
        if r.key not in money:  # no row counted (the total of an empty scope): zero, as two-place decimals
            for name in ("requested", "approved", "disbursed", "spent"):
                setattr(r, name, _q2(getattr(r, name)))
    if not progress:
        return groups

    def projects() -> QuerySet[Any]:
        """The projects the tally summed (annotated with their group's ``_key``), for the few writes have marked."""
        qs: QuerySet[Any] = Project.objects.order_by().annotate(_key=F(key_field) if key_field else Value(""))
        if provinces is not None:
            qs = qs.filter(_code_ranges(provinces, "area__code"))
        if fiscal_year:
            qs = qs.filter(programme__fiscal_year=fiscal_year)
        if programme_id:
            qs = qs.filter(programme_id=programme_id)
        if status:
            qs = qs.filter(status=status)
        return awaiting_payout(qs) if to_disburse else qs

    def targets(k: Any) -> list[Rollup]:
        keys = {"", "" if k is None else str(k)}
        return [groups.setdefault(g, Rollup(key=g)) for g in keys]

    _correct_pending(projects, targets)
    for r in groups.values():
        r.progress_pct = _q2(r._weighted / r.approved) if r.approved else None
    return groups


@functools.cache
def _tally_names() -> dict[str, str]:
    """The quoted table and column names ``_tally_sql`` writes (from the models: renamed with them)."""
    q = connection.ops.quote_name
    names = {
        "tally": q(ProjectTally._meta.db_table),
        "project": q(Project._meta.db_table),
        "area": q(Area._meta.db_table),
        "programme": q(Programme._meta.db_table),
    }
    for model, prefix in ((ProjectTally, "t_"), (Project, "p_"), (Area, "a_"), (Programme, "g_")):
        for f in model._meta.concrete_fields:
            names[prefix + f.name] = q(f.column)
    return names


def _tally_sql(
    *,
    by_programme: bool,
    provinces: set[str] | None,
    fiscal_year: int | None,
    programme_id: int | None,
    status: str | None,
    to_disburse: bool,
) -> tuple[str, list[Any]]:
    """``scope_rollup``'s one statement: the tally's counts and money per (programme, status) in the provinces
    and filters — with every project in the country (``broad``) — and, UNION ALL, the overdue reports per
    programme (status NULL) counted from the projects, found through their due-date index first.

    Written here rather than built by the ORM: the two ORM statements it replaces cost ~1 ms of CPU to build and
    compile on every view of the list, ten times what the database takes to answer them (the same SQL, checked
    against ``rollup`` over the projects by ``test_tally``)."""
    n = _tally_names()
    t, p = n["tally"], n["project"]
    column = ("to_disburse_{}" if to_disburse else "{}").format
    counted = "to_disburse" if to_disburse else "projects"
    key = f"{t}.{n['t_programme']}" if by_programme else "''"
    tally_where: list[str] = []
    tally_params: list[Any] = []
    projects_where: list[str] = []
    projects_params: list[Any] = []
    joins = ""
    if to_disburse:
        tally_where.append(f"{t}.{n['t_status']} IN (%s, %s)")
        tally_params += OVERDUE_STATUSES
        projects_where.append(
            f"{p}.{n['p_status']} IN (%s, %s) AND {p}.{n['p_approved_amount']} IS NOT NULL"
            f" AND {p}.{n['p_disbursed_amount']} < {p}.{n['p_approved_amount']}"
        )
        projects_params += OVERDUE_STATUSES
    if provinces is not None:
        tally_where.append(f"{t}.{n['t_province']} IN ({', '.join(['%s'] * len(provinces))})")
        tally_params += sorted(provinces)
        ranges, range_params = prefix_ranges_sql(f"{n['area']}.{n['a_code']}", provinces)
        projects_where.insert(0, ranges)
        projects_params[:0] = range_params
        joins = f" INNER JOIN {n['area']} ON ({p}.{n['p_area']} = {n['area']}.{n['a_id']})"
    tally_joins = ""
    if fiscal_year:
        g = n["programme"]
        tally_joins = f" INNER JOIN {g} ON ({t}.{n['t_programme']} = {g}.{n['g_id']})"
        joins += f" INNER JOIN {g} ON ({p}.{n['p_programme']} = {g}.{n['g_id']})"
        tally_where.append(f"{g}.{n['g_fiscal_year']} = %s")
        tally_params.append(fiscal_year)
        projects_where.append(f"{g}.{n['g_fiscal_year']} = %s")
        projects_params.append(fiscal_year)
    for column_name, value in (("programme", programme_id), ("status", status)):
        if value:
            tally_where.append(f"{t}.{n['t_' + column_name]} = %s")
            tally_params.append(value)
            projects_where.append(f"{p}.{n['p_' + column_name]} = %s")
            projects_params.append(value)
    projects_where.append(
        f"{p}.{n['p_id']} IN (SELECT U0.{n['p_id']} FROM {p} U0"
        f" WHERE (U0.{n['p_next_report_due']} < %s AND U0.{n['p_status']} IN (%s, %s)))"
    )
    projects_params += [connection.ops.adapt_datefield_value(timezone.localdate()), *OVERDUE_STATUSES]
    sums = ", ".join(
        f"SUM({t}.{n['t_' + column(name)]})" for name in ("requested", "approved", "disbursed", "spent", "weighted")
    )
    project_key = f"{p}.{n['p_programme']}" if by_programme else "''"
    sql = (
        f"SELECT {key}, {t}.{n['t_status']}, SUM({t}.{n['t_' + counted]}), {sums},"
        f" MAX((SELECT SUM({n['t_projects']}) FROM {t})) FROM {t}{tally_joins}"
        f"{' WHERE ' + ' AND '.join(tally_where) if tally_where else ''}"
        f" GROUP BY {t}.{n['t_status']}{', ' + key if by_programme else ''}"
        f" UNION ALL SELECT {project_key}, NULL, COUNT({p}.{n['p_id']}), 0, 0, 0, 0, 0, NULL FROM {p}{joins}"
        f" WHERE {' AND '.join(projects_where)}{' GROUP BY ' + project_key if by_programme else ''}"
    )
    return sql, [*tally_params, *projects_params]


def _provinces_of(prefixes: frozenset[str]) -> set[str] | None:
    """A scope's provinces (None for the whole country); raises ValueError when finer than a province."""
    if any(len(p) not in (0, 2) for p in prefixes):
        raise ValueError(prefixes)
    return None if "" in prefixes else set(prefixes)


def tallied_to_disburse(user: User | AnonymousUser) -> int | None:
    """The worklist's "tranche to disburse" count (``worklist.todo_filter(…, "disburse")`` over what the
    user may view) from the tally, or None when a scope is finer than a province."""
    grants = permissions.grants_for(user)
    try:
        view = _provinces_of(grants.prefixes(Action.PROJECT_VIEW))
        disburse = _provinces_of(grants.prefixes(Action.PROJECT_DISBURSE))
    except ValueError:
        return None
    if not grants.prefixes(Action.PROJECT_VIEW) or not grants.prefixes(Action.PROJECT_DISBURSE):
        return 0
    provinces = disburse if view is None else view if disburse is None else view & disburse

    def build() -> tuple[QuerySet[ProjectTally], dict[str, Aggregate]]:
        tallies = ProjectTally.objects.filter(status__in=(S.AGREEMENT_SIGNED, S.IN_PROGRESS))
        if provinces is not None:
            tallies = tallies.filter(province__in=sorted(provinces))
        return tallies, {"n": Sum("to_disburse")}

    # Made of the provinces alone: built once per process for them (``core.prepared``; asked on every home).
    key = ("projects.tallied_to_disburse", None if provinces is None else frozenset(provinces))
    return prepared.counts(key, build)["n"]


def broad(matching: int) -> bool:
    """Whether a set of ``matching`` projects is a good share (≥ 2 %) of all projects: one page of it
    is then found fastest by reading projects newest first (``project_list(newest_walk=True)``)."""
    total = remembered(_ALL_PROJECTS, lambda: int(ProjectTally.objects.aggregate(n=Sum("projects"))["n"] or 0))
    return matching * 50 >= total > 0


# The number of projects in the country (the tally's), remembered for the request (``broad``, ``scope_rollup``).
_ALL_PROJECTS = ("projects.all",)


def list_rollup(
    user: User | AnonymousUser,
    projects: Callable[[], QuerySet[Project]],
    filters: dict[str, Any],
    *,
    narrowed: bool = False,
    to_disburse: bool = False,
    few: bool = False,
) -> dict[str, Rollup]:
    """The project list's total and per-programme rows: ``projects()`` builds ``project_list(user, **filters)``,
    ``narrowed`` when something else (the worklist's ?todo=) narrowed it further: ``to_disburse`` when that is
    the money to pay out (the tally keeps its figures), ``few`` when an index narrows it to few (``rollup``).
    From the tally when it can answer, else summed from the projects (only then built)."""
    groups = None
    tallied = not narrowed or to_disburse
    if tallied and not filters.get("overdue") and not filters.get("text") and filters.get("housing") is None:
        groups = scope_rollup(
            user,
            key_field="programme_id",
            fiscal_year=filters.get("fiscal_year"),
            programme_id=filters.get("programme_id"),
            status=filters.get("status"),
            area_code=filters.get("area_code"),
            to_disburse=to_disburse,
        )
    return groups if groups is not None else rollup(projects(), key_field="programme_id", few=few)


def programme_rollups(
    user: User | AnonymousUser, *, fiscal_year: int | None = None, projects: QuerySet[Project] | None = None
) -> list[Rollup]:
    """One row per programme (within the user's scope, or over ``projects``), labelled with its name."""
    qs = projects if projects is not None else project_list(user, fiscal_year=fiscal_year)
    return labelled_programme_rollups(rollup(qs, key_field="programme_id"))


def labelled_programme_rollups(groups: dict[str, Rollup], *, labels: Mapping[str, str] | None = None) -> list[Rollup]:
    """``rollup(…, key_field="programme_id")``'s groups as programme rows (its "" group is the total, so a
    page needing both reads the projects once). ``labels``: each programme's label (``str(programme)``) by
    id when the caller has them all already (the project list's filter does), spared a second read."""
    if labels is None:
        labels = {str(p.pk): str(p) for p in Programme.objects.filter(pk__in=[k for k in groups if k])}
    out = []
    for key, r in groups.items():
        if key:
            r.label = labels.get(key, key)
            out.append(r)
    return sorted(out, key=lambda r: r.label)


def area_rollup(area_code: str, *, user: User | AnonymousUser | None = None, fiscal_year: int | None = None) -> Rollup:
    """All projects in an area subtree (optionally narrowed to a user's view scope)."""
    qs = Project.objects.filter(area__code__startswith=area_code)
    if user is not None:
        qs = permissions.scoped(qs, user, Action.PROJECT_VIEW)
    if fiscal_year:
        qs = qs.filter(programme__fiscal_year=fiscal_year)
    return rollup(qs)[""]


def status_counts(qs: QuerySet[Project]) -> dict[str, int]:
    return dict(qs.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))


def area_summary_items(area: Any, user: User | AnonymousUser) -> list[tuple[str, str, str | None]]:
    """Rows for the area page (registered in areas.selectors.AREA_SUMMARY_PROVIDERS): project
    counts and money under the area, within the viewer's scope. Two queries."""
    if not permissions.can_anywhere(user, Action.PROJECT_VIEW):
        return []
    # No progress on this headline: counts and money only (the roll-up of progress is skipped).
    tallied = scope_rollup(user, area_code=area.code, progress=False) if len(area.code) == 2 else None
    if tallied is not None:
        r = tallied[""]
    elif permissions.can(user, Action.PROJECT_VIEW, area.code):
        # The user's scope covers the whole area: its areas, without intersecting the scope's prefixes
        # (a region's staff hold ~1,000 of them) — the same areas.
        areas = Area.objects.filter(_code_ranges((area.code,), "code")).values("pk")
        r = rollup(Project.objects.filter(area__in=areas), progress=False)[""]
    else:
        areas = _scope_areas(user, Action.PROJECT_VIEW).filter(_code_ranges((area.code,), "code"))
        r = rollup(Project.objects.filter(area__in=areas), progress=False)[""]
    if not r.projects:
        return []
    url = f"{reverse('projects:index')}?area={area.code}"
    running = r.by_status.get(S.IN_PROGRESS, 0) + r.by_status.get(S.AGREEMENT_SIGNED, 0)
    rows: list[tuple[str, str, str | None]] = [
        (_("Projects"), f"{r.projects:,}", url),
        (_("Projects approved"), f"{r.approved_projects:,}", url),
        (_("Projects running"), f"{running:,}", f"{url}&status={S.IN_PROGRESS}"),
        (_("Approved (baht)"), format_baht(r.approved, satang=False), url),
        (_("Disbursed (baht)"), format_baht(r.disbursed, satang=False), url),
    ]
    if r.overdue:
        rows.append((_("Overdue reports"), f"{r.overdue:,}", f"{url}&overdue=on"))
    return rows


# ---------------------------------------------------------------------------------------------
# Figures the budgets dashboards show next to the money (registered into budgets.selectors from
# ProjectsConfig.ready(): the budgets app knows nothing of projects, the join lives up here).

# Projects whose figures no longer count towards a programme's indicators.
_NOT_COUNTED = ("rejected", "cancelled")


def _in_provinces(qs: QuerySet[Any], provinces: frozenset[str] | None, field_name: str) -> QuerySet[Any]:
    return qs if provinces is None else qs.filter(**{f"{field_name}__in": sorted(provinces)})


def reported_spending(programme_ids: list[int], provinces: frozenset[str] | None) -> dict[tuple[int, str], Decimal]:
    """Reported spending (projects' latest progress reports) per (programme, province), grouped in SQL."""
    qs = Project.objects.filter(programme_id__in=programme_ids).annotate(province=Substr("area__code", 1, 2))
    qs = _in_provinces(qs, provinces, "province")
    return {
        (r["programme_id"], r["province"]): r["spent"] or Decimal(0)
        for r in qs.values("programme_id", "province").annotate(spent=Sum("spent_amount")).order_by()
    }


def programme_indicator_values(
    programme: Any, codes: list[str], provinces: frozenset[str] | None
) -> list[IndicatorValues]:
    """The latest values projects reported against a programme's indicators, per code and province.

    Only projects that have reported (a latest value) and are neither rejected nor cancelled count.
    """
    qs = (
        ProjectIndicator.objects.filter(project__programme=programme, code__in=codes, latest_value__isnull=False)
        .exclude(project__status__in=_NOT_COUNTED)
        .annotate(province=Substr("project__area__code", 1, 2))
    )
    rows = (
        _in_provinces(qs, provinces, "province")
        .values("code", "province")
        .annotate(total=Sum("latest_value"), n=Count("id"))
        .order_by("code", "province")
    )
    return [IndicatorValues(code=r["code"], province=r["province"], total=r["total"], count=r["n"]) for r in rows]


def decided_projects(viewer: Any, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """The projects a resolution decided that ``viewer`` may see: {id: (title, page)} (meetings.decisions)."""
    qs = permissions.scoped(Project.objects.filter(pk__in=ids), viewer, Action.PROJECT_VIEW)
    return {p.pk: (p.title_th, reverse("projects:detail", args=[p.pk])) for p in qs.order_by("pk")}
