"""The Logbook: the cases a user may see, their targets as shown, and the summary per area."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Func, IntegerField, QuerySet, Subquery, Sum

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, can, grants_for
from chumchon.areas.models import Area
from chumchon.areas.selectors import prefix_q
from chumchon.core import prepared
from chumchon.core.dopa import prefix_range_q
from chumchon.core.national_id import format_national_id, mask_national_id
from chumchon.poverty import store
from chumchon.poverty.models import AssistanceRecord, Case, CaseStatus, DimensionCode, SurveyRound
from chumchon.poverty.models.indicators import DIMENSION_ORDER


@dataclass
class CaseTarget:
    """How a case's target is shown: never a national ID in clear unless the viewer may see IDs."""

    household_ref: str  # the household page's reference: the survey household id, or "A<addition id>"
    person_name: str = ""
    person_id: str = ""  # masked unless the viewer holds PERSON_VIEW_ID; "" for a household case

    @property
    def is_person(self) -> bool:
        return bool(self.person_id)


def case_targets(cases: Iterable[Case], *, viewer: User | AnonymousUser) -> dict[int, CaseTarget]:
    """Case id → its target for display (Logbook lists, the case page). A person case shows the
    member's name from the survey store (read once per round and tambon) and the national ID,
    masked unless ``viewer`` holds PERSON_VIEW_ID over the case's tambon."""

    out: dict[int, CaseTarget] = {}
    groups: dict[tuple[int, int], list[Case]] = defaultdict(list)
    for c in cases:
        out[c.pk] = CaseTarget(household_ref=c.target_ref if c.addition_id else c.household_id)
        if c.person_id and not c.addition_id:
            groups[(c.survey_round_id, c.area_id)].append(c)
    for group in groups.values():
        first = group[0]
        _, persons_table = store.read_tambon(first.survey_round, first.area.code)
        wanted = {(c.household_id, c.person_id) for c in group}
        names = {
            (p["household_id"], p["national_id"]): p.get("name_th") or ""
            for p in persons_table.select(["household_id", "national_id", "name_th"]).to_pylist()
            if (p["household_id"], p["national_id"]) in wanted
        }
        show_ids = can(viewer, Action.PERSON_VIEW_ID, first.area)
        for c in group:
            target = out[c.pk]
            target.person_name = names.get((c.household_id, c.person_id), "")
            target.person_id = format_national_id(c.person_id) if show_ids else mask_national_id(c.person_id)
    return out


def cases_for(user: User | AnonymousUser, *, area_code: str = "") -> QuerySet[Case]:
    prefixes = grants_for(user).prefixes(Action.LOGBOOK_VIEW)
    qs = Case.objects.select_related("area", "survey_round")
    qs = qs.filter(prefix_q(prefixes, "area__code")) if prefixes else qs.none()
    if area_code:
        qs = qs.filter(area__code__startswith=area_code)
    return qs


@dataclass
class LogbookSummary:
    cases: int
    by_status: dict[str, int]
    by_dimension: list[dict[str, Any]]
    assistance_count: int
    assistance_amount: Decimal
    by_agency: list[dict[str, Any]]
    by_help_kind: list[dict[str, Any]]
    by_child_area: list[dict[str, Any]]

    @property
    def closed(self) -> int:
        return self.cases - self.by_status.get(CaseStatus.TARGET, 0) - self.by_status.get(CaseStatus.IN_PROGRESS, 0)


@dataclass
class LogbookHeadline:
    """The Logbook's four figures on an area's poverty page (``LogbookSummary``'s totals, two queries)."""

    by_status: dict[str, int]
    assistance_count: int
    assistance_amount: Decimal

    @property
    def cases(self) -> int:
        return sum(self.by_status.values())

    @property
    def closed(self) -> int:
        return self.cases - self.by_status.get(CaseStatus.TARGET, 0) - self.by_status.get(CaseStatus.IN_PROGRESS, 0)


def logbook_headline(*, prefixes: Iterable[str]) -> LogbookHeadline:
    """Cases by status and the help given under the prefixes, all rounds: the figures ``logbook_summary``
    gives for them, without its breakdowns (by dimension, agency, type of help), which the page omits.
    One statement: the help's count and sum ride on each status row as uncorrelated subqueries (computed
    once); help is always given on a case under the same prefixes, so no case means no help."""
    prefixes = tuple(prefixes)

    def build() -> QuerySet[Case, dict[str, Any]]:
        help_qs = AssistanceRecord.objects.filter(prefix_range_q(prefixes, "case__area__code")).order_by()
        # COUNT/SUM as plain functions, not Django aggregates: one row over the whole set, no GROUP BY.
        help_n = help_qs.values(n=Func(F("id"), function="COUNT", output_field=IntegerField()))
        help_amount = help_qs.values(
            total=Func(F("amount"), function="SUM", output_field=AssistanceRecord._meta.get_field("amount"))
        )
        return (
            Case.objects.filter(prefix_range_q(prefixes, "area__code"))
            .values("status")
            .annotate(n=Count("id"), help_n=Subquery(help_n), help_amount=Subquery(help_amount))
        )

    by_status = dict.fromkeys(CaseStatus.values, 0)
    assistance_count, assistance_amount = 0, None
    # Made of the prefixes alone: built once per process for them (core.prepared; asked on every area page).
    for row in prepared.values(("poverty.logbook_headline", prefixes), build):
        by_status[row["status"]] = row["n"]
        assistance_count, assistance_amount = row["help_n"], row["help_amount"]
    return LogbookHeadline(by_status, assistance_count or 0, assistance_amount or Decimal(0))


def logbook_summary(
    *, prefixes: Iterable[str], survey_round: SurveyRound | None = None, child_length: int | None = None
) -> LogbookSummary:
    """Cases and help under the prefixes (any area level, or a region's provinces), by status,
    dimension, agency, type of help and child area."""
    prefixes = tuple(prefixes)
    cases = Case.objects.filter(prefix_q(prefixes, "area__code"))
    help_qs = AssistanceRecord.objects.filter(prefix_q(prefixes, "case__area__code"))
    if survey_round is not None:
        cases = cases.filter(survey_round=survey_round)
        help_qs = help_qs.filter(case__survey_round=survey_round)
    # Cases by status are the dimension × status grid's column sums (every case has one of the
    # dimensions): one statement for both.
    by_status = dict.fromkeys(CaseStatus.values, 0)
    grid: dict[str, dict[str, int]] = {d: dict.fromkeys(CaseStatus.values, 0) for d in DIMENSION_ORDER}
    for row in cases.values("dimension", "status").annotate(n=Count("id")):
        grid[row["dimension"]][row["status"]] = row["n"]
        by_status[row["status"]] += row["n"]
    labels = dict(DimensionCode.choices)
    by_dimension = [
        {"code": d, "label": labels[d], "statuses": grid[d], "total": sum(grid[d].values())} for d in DIMENSION_ORDER
    ]
    by_agency = [
        {
            "label": r["agency__name_th"] or r["agency_name"],
            "agency_id": r["agency"],
            "records": r["n"],
            "cases": r["cases"],
            "amount": r["amount"] or Decimal(0),
        }
        for r in help_qs.values("agency", "agency__name_th", "agency_name")
        .annotate(n=Count("id"), cases=Count("case", distinct=True), amount=Sum("amount"))
        .order_by("-n", "agency_name")
    ]
    kinds = dict(AssistanceRecord._meta.get_field("help_kind").choices or [])
    by_help_kind = [
        {
            "code": r["help_kind"],
            "label": kinds.get(r["help_kind"], r["help_kind"]),
            "records": r["n"],
            "amount": r["amount"] or Decimal(0),
        }
        for r in help_qs.values("help_kind").annotate(n=Count("id"), amount=Sum("amount")).order_by("help_kind")
    ]
    # The help's totals are the sums over its kinds (one statement less): SUM skips empty amounts, and
    # a kind whose amounts are all empty adds nothing.
    totals = {
        "n": sum(r["records"] for r in by_help_kind),
        "amount": sum((r["amount"] for r in by_help_kind), Decimal(0)) if by_help_kind else None,
    }
    by_child: list[dict[str, Any]] = []
    if child_length:
        rows: dict[str, dict[str, int]] = defaultdict(lambda: {"cases": 0, "open": 0, "closed": 0})
        for r in cases.values("area__code", "status").annotate(n=Count("id")):
            key = r["area__code"][:child_length]
            rows[key]["cases"] += r["n"]
            rows[key]["open" if r["status"] in (CaseStatus.TARGET, CaseStatus.IN_PROGRESS) else "closed"] += r["n"]
        names = dict(Area.objects.filter(code__in=list(rows)).values_list("code", "name_th"))
        by_child = [{"code": c, "name": names.get(c, c), **rows[c]} for c in sorted(rows)]
    return LogbookSummary(
        cases=sum(by_status.values()),
        by_status=by_status,
        by_dimension=by_dimension,
        assistance_count=totals["n"] or 0,
        assistance_amount=totals["amount"] or Decimal(0),
        by_agency=by_agency,
        by_help_kind=by_help_kind,
        by_child_area=by_child,
    )
