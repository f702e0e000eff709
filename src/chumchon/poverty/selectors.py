"""Reads for poverty targeting: area figures, target lists, additions, Logbook summaries, closing the loop.

Pages read the materialised ``AreaPovertyResult`` rows; only a tambon's target list and the
closing-the-loop comparison read the survey store (one tambon, or the households concerned).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, QuerySet, Sum

from chumchon.accounts.permissions import Action, can, grants_for
from chumchon.areas.models import Area
from chumchon.areas.selectors import prefix_q
from chumchon.core.national_id import format_national_id, is_valid_national_id, mask_national_id
from chumchon.poverty.models import (
    AdditionKind,
    AdditionStatus,
    AreaPovertyResult,
    AssistanceRecord,
    Case,
    CaseStatus,
    DimensionCode,
    FieldAddition,
    Indicator,
    ResultLevel,
    RoundStatus,
    SurveyRound,
    VulnerableGroup,
)

LEVEL_BY_LENGTH: dict[int, str] = {
    0: ResultLevel.NATION,
    2: ResultLevel.PROVINCE,
    4: ResultLevel.DISTRICT,
    6: ResultLevel.SUBDISTRICT,
}
LEVEL_BY_LENGTH[8] = ResultLevel.VILLAGE
CHILD_LEVEL: dict[str, str] = {
    ResultLevel.NATION: ResultLevel.PROVINCE,
    ResultLevel.PROVINCE: ResultLevel.DISTRICT,
    ResultLevel.DISTRICT: ResultLevel.SUBDISTRICT,
    ResultLevel.SUBDISTRICT: ResultLevel.VILLAGE,
}
DIMENSIONS: tuple[str, ...] = tuple(DimensionCode.values)


# ---------------------------------------------------------------------------------------------
# Rounds and area results


def rounds_ready() -> QuerySet[SurveyRound]:
    return SurveyRound.objects.filter(status=RoundStatus.READY).select_related("indicator_set", "previous")


def latest_round() -> SurveyRound | None:
    return rounds_ready().order_by("-year_be", "-id").first()


def round_get(code: str | None) -> SurveyRound | None:
    if code:
        return SurveyRound.objects.select_related("indicator_set", "previous").filter(code=code).first()
    return latest_round()


def next_round(survey_round: SurveyRound) -> SurveyRound | None:
    return rounds_ready().filter(previous=survey_round).order_by("year_be").first()


def area_results_visible(user: Any, area_code: str) -> bool:
    """An area's poverty figures are for those who work with its target lists or its Logbook
    ("" = the nation: national scope only)."""
    return can(user, Action.PERSON_VIEW, area_code) or can(user, Action.LOGBOOK_VIEW, area_code)


def nation_result(survey_round: SurveyRound) -> AreaPovertyResult | None:
    return AreaPovertyResult.objects.filter(survey_round=survey_round, level=ResultLevel.NATION).first()


def province_results(survey_round: SurveyRound) -> list[AreaPovertyResult]:
    return list(
        AreaPovertyResult.objects.filter(survey_round=survey_round, level=ResultLevel.PROVINCE).order_by("area_code")
    )


def area_result(survey_round: SurveyRound, area_code: str) -> AreaPovertyResult | None:
    level = LEVEL_BY_LENGTH.get(len(area_code))
    if level is None:
        return None
    return AreaPovertyResult.objects.filter(survey_round=survey_round, level=level, area_code=area_code).first()


def child_results(survey_round: SurveyRound, area_code: str) -> list[AreaPovertyResult]:
    level = CHILD_LEVEL.get(LEVEL_BY_LENGTH.get(len(area_code), ""))
    if level is None:
        return []
    return list(
        AreaPovertyResult.objects.filter(
            survey_round=survey_round, level=level, area_code__startswith=area_code
        ).order_by("area_code")
    )


def indicators_of(survey_round: SurveyRound) -> list[Indicator]:
    return list(survey_round.indicator_set.indicators.select_related("dimension").order_by("number"))


@dataclass
class Share:
    num: int
    den: int

    @property
    def percent(self) -> float | None:
        return 100 * self.num / self.den if self.den else None


@dataclass
class AreaFigures:
    """What a poverty page shows for one area (from the materialised rows + verified additions)."""

    result: AreaPovertyResult | None
    additions: AdditionCounts
    dimension_rows: list[dict[str, Any]]
    indicator_rows: list[dict[str, Any]]
    vulnerable: list[tuple[Any, int]]


@dataclass
class AdditionCounts:
    households: int = 0
    persons: int = 0
    by_dimension: dict[str, int] = field(default_factory=dict)
    by_group: dict[str, int] = field(default_factory=dict)


def verified_additions(survey_round: SurveyRound, prefixes: Iterable[str]) -> QuerySet[FieldAddition]:
    return FieldAddition.objects.filter(
        prefix_q(tuple(prefixes), "area__code"), survey_round=survey_round, status=AdditionStatus.VERIFIED
    )


def addition_counts(survey_round: SurveyRound, prefixes: Iterable[str]) -> AdditionCounts:
    """Verified field additions under the prefixes, counted apart from the survey ("added by field teams")."""
    counts = AdditionCounts(
        by_dimension=dict.fromkeys(DIMENSIONS, 0), by_group=dict.fromkeys(VulnerableGroup.values, 0)
    )
    for a in verified_additions(survey_round, prefixes).only(
        "kind", "member_count", "dimensions", *VulnerableGroup.values
    ):
        if a.kind == AdditionKind.HOUSEHOLD:
            counts.households += 1
            counts.persons += a.member_count
        else:
            counts.persons += 1
        for d in a.dimensions:
            counts.by_dimension[d] = counts.by_dimension.get(d, 0) + 1
        for g in a.vulnerable_groups:
            counts.by_group[g] += 1
    return counts


def area_figures(survey_round: SurveyRound, area_code: str) -> AreaFigures:
    result = area_result(survey_round, area_code)
    additions = addition_counts(survey_round, [area_code])
    labels = dict(DimensionCode.choices)
    dimension_rows = []
    indicator_rows = []
    if result is not None:
        n = result.households or 0
        from chumchon.poverty.engine import stored_result_spec

        by_indicator, by_dimension = result.contributions(stored_result_spec(survey_round))
        for d in DIMENSIONS:
            if d not in result.deprived_by_dimension:
                continue
            count = result.deprived_by_dimension.get(d, 0)
            dimension_rows.append(
                {
                    "code": d,
                    "label": labels[d],
                    "count": count,
                    "percent": 100 * count / n if n else 0,
                    "added": additions.by_dimension.get(d, 0),
                    "contribution": _percent(by_dimension.get(d)),
                }
            )
        for ind in indicators_of(survey_round):
            if ind.code not in result.deprived_by_indicator:
                continue
            count = result.deprived_by_indicator.get(ind.code, 0)
            indicator_rows.append(
                {
                    "indicator": ind,
                    "count": count,
                    "percent": 100 * count / n if n else 0,
                    "censored": result.censored_by_indicator.get(ind.code),
                    "contribution": _percent(by_indicator.get(ind.code)),
                }
            )
    vulnerable: list[tuple[Any, int]] = []
    if result is not None:
        vulnerable = [
            (VulnerableGroup.ELDERLY, result.elderly),
            (VulnerableGroup.DISABLED, result.disabled),
            (VulnerableGroup.CHRONICALLY_ILL, result.chronically_ill),
            (VulnerableGroup.BEDRIDDEN, result.bedridden),
            (VulnerableGroup.CHILD, result.children_0_5),
        ]
    return AreaFigures(result, additions, dimension_rows, indicator_rows, vulnerable)


def _percent(share: Fraction | None) -> float | None:
    return None if share is None else float(100 * share)


def headline_rows(survey_round: SurveyRound, area_codes: Sequence[str]) -> list[tuple[Area, AreaPovertyResult | None]]:
    """For the index page: each of the user's areas with its headline result."""
    areas = {a.code: a for a in Area.objects.filter(code__in=area_codes)}
    results = {
        r.area_code: r
        for r in AreaPovertyResult.objects.filter(survey_round=survey_round, area_code__in=list(areas)).exclude(
            level=ResultLevel.VILLAGE
        )
    }
    return [(areas[c], results.get(c)) for c in sorted(areas)]


def user_area_codes(user: Any, action: str = Action.PERSON_VIEW) -> list[str]:
    """The top areas a user may see poverty figures for ("" = nation → its provinces)."""
    prefixes = set(grants_for(user).prefixes(action)) | set(grants_for(user).prefixes(Action.LOGBOOK_VIEW))
    if "" in prefixes:
        return list(Area.objects.filter(level="province").order_by("code").values_list("code", flat=True))
    return sorted(prefixes)


# ---------------------------------------------------------------------------------------------
# Target lists (one tambon at a time)


@dataclass
class TargetPerson:
    national_id: str  # masked unless the viewer may see IDs
    name: str
    sex: str
    age: int | None
    groups: list[str]
    failed_indicators: list[str]
    welfare_verified: bool
    # Filled by ``target_household`` (the household page) for survey members: ``ref`` is the member's
    # opaque reference in forms (1-based position in the household; 0 = none), never the national ID.
    ref: int = 0
    cases: list[Case] = field(default_factory=list)  # the member's own Logbook cases
    offered_dimensions: list[str] = field(default_factory=list)  # dimensions a person case may take
    targeted: dict[str, list[str]] = field(default_factory=dict)  # dimension → indicators a case targets

    @property
    def open_dimensions(self) -> list[str]:
        """Offered dimensions without a case for this member yet."""
        taken = {c.dimension for c in self.cases}
        return [d for d in self.offered_dimensions if d not in taken]


@dataclass
class TargetHousehold:
    household_id: str
    house_no: str
    village_code: str
    members: int
    failed_indicators: list[str]
    deprived_dimensions: list[str]
    is_tpmap_target: bool
    is_af_poor: bool
    score_percent: float
    persons: list[TargetPerson] = field(default_factory=list)
    groups: set[str] = field(default_factory=set)
    cases: dict[str, Case] = field(default_factory=dict)
    addition: FieldAddition | None = None
    # Filled by ``target_household``: dimension → the household's failed indicators in it.
    targeted: dict[str, list[str]] = field(default_factory=dict)
    # Member ref → national ID, for the server side only: a template cannot read a name starting with "_".
    _member_ids: dict[int, str] = field(default_factory=dict, repr=False)

    def member(self, ref: int) -> TargetPerson | None:
        """The survey member with this reference who can have a person case (a valid national ID)."""
        if ref not in self._member_ids:
            return None
        return next((p for p in self.persons if p.ref == ref), None)

    def member_national_id(self, ref: int) -> str:
        return self._member_ids.get(ref, "")

    @property
    def source(self) -> str:
        return "field" if self.addition is not None else "survey"

    @property
    def ref(self) -> str:
        return self.addition.ref if self.addition is not None else self.household_id


@dataclass
class TargetList:
    survey_round: SurveyRound
    tambon: Area
    households: list[TargetHousehold]
    total_deprived: int
    show_ids: bool

    @property
    def person_count(self) -> int:
        return sum(len(h.persons) for h in self.households)


def _age(born: dt.date | None, on: dt.date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _groups_of(person: dict[str, Any], age: int | None) -> list[str]:
    groups: list[str] = []
    if age is not None and age >= 60:
        groups.append(VulnerableGroup.ELDERLY)
    for g in (VulnerableGroup.DISABLED, VulnerableGroup.CHRONICALLY_ILL, VulnerableGroup.BEDRIDDEN):
        if person.get(g):
            groups.append(g)
    if age is not None and age < 6:
        groups.append(VulnerableGroup.CHILD)
    return groups


def target_list(
    *,
    survey_round: SurveyRound,
    tambon: Area,
    show_ids: bool,
    dimension: str = "",
    group: str = "",
    tpmap_only: bool = False,
) -> TargetList:
    """Households of a tambon deprived in at least one dimension (plus verified field additions),
    with their members, failed indicators, deprived dimensions and Logbook cases."""
    from chumchon.poverty import engine, store

    deprivations = engine.household_deprivations(survey_round, tambon.code).to_pylist()
    deprived = [r for r in deprivations if r.get("deprived_dimensions")]
    ids = {r["household_id"] for r in deprived}
    _, persons_table = store.read_tambon(survey_round, tambon.code)
    person_codes = [i.code for i in indicators_of(survey_round) if i.level == "person"]
    ref_date = survey_round.effective_reference_date
    members: dict[str, list[TargetPerson]] = defaultdict(list)
    member_groups: dict[str, set[str]] = defaultdict(set)
    columns = set(persons_table.column_names)
    for p in persons_table.to_pylist() if ids else []:
        if p["household_id"] not in ids:
            continue
        age = _age(p.get("birth_date"), ref_date)
        groups = _groups_of(p, age)
        member_groups[p["household_id"]].update(groups)
        nid = p.get("national_id") or ""
        members[p["household_id"]].append(
            TargetPerson(
                national_id=format_national_id(nid) if show_ids else mask_national_id(nid),
                name=p.get("name_th") or "",
                sex=p.get("sex") or "",
                age=age,
                groups=groups,
                failed_indicators=[c for c in person_codes if c in columns and p.get(c) == 0],
                welfare_verified=bool(p.get("welfare_verified")),
            )
        )
    households = [
        TargetHousehold(
            household_id=r["household_id"],
            house_no=r.get("house_no") or "",
            village_code=r.get("village_code") or "",
            members=int(r.get("persons") or r.get("members") or 0),
            failed_indicators=list(r["failed_indicators"] or []),
            deprived_dimensions=[d for d in DIMENSIONS if d in (r["deprived_dimensions"] or [])],
            is_tpmap_target=bool(r.get("is_tpmap_target")),
            is_af_poor=bool(r.get("is_af_poor")),
            score_percent=100 * (r.get("score") or 0) / (r.get("weight_total") or 1),
            persons=members.get(r["household_id"], []),
            groups=member_groups.get(r["household_id"], set()),
        )
        for r in deprived
    ]
    for a in verified_additions(survey_round, [tambon.code]).filter(kind=AdditionKind.HOUSEHOLD):
        households.append(
            TargetHousehold(
                household_id="",
                house_no=a.house_no,
                village_code=a.village_code,
                members=a.member_count,
                failed_indicators=[],
                deprived_dimensions=list(a.dimensions),
                is_tpmap_target=False,
                is_af_poor=False,
                score_percent=0,
                groups=set(a.vulnerable_groups),
                addition=a,
                persons=[
                    TargetPerson(
                        national_id=format_national_id(a.national_id) if show_ids else mask_national_id(a.national_id),
                        name=a.full_name,
                        sex="",
                        age=_age(a.birth_date, ref_date),
                        groups=a.vulnerable_groups,
                        failed_indicators=[],
                        welfare_verified=False,
                    )
                ],
            )
        )
    cases = Case.objects.filter(survey_round=survey_round, area=tambon)
    by_target: dict[str, dict[str, Case]] = defaultdict(dict)
    for c in cases:
        by_target[c.target_ref][c.dimension] = c
    for h in households:
        h.cases = by_target.get(h.ref, {})
    total = len(households)
    if dimension:
        households = [h for h in households if dimension in h.deprived_dimensions]
    if group:
        households = [h for h in households if group in h.groups]
    if tpmap_only:
        households = [h for h in households if h.is_tpmap_target]
    return TargetList(survey_round, tambon, households, total, show_ids)


def indicator_dimensions(survey_round: SurveyRound) -> dict[str, str]:
    """Indicator code → dimension code, in the round's indicator set (unmeasured indicators left out)."""
    return {i.code: i.dimension.code for i in indicators_of(survey_round) if i.dimension is not None}


def target_household(
    *, survey_round: SurveyRound, tambon: Area, household_id: str, show_ids: bool
) -> TargetHousehold | None:
    """One target household (by ``TargetHousehold.ref``) for its page and its Logbook forms.

    Beyond the target list's row: the failed indicators per dimension and, for a survey household,
    its members with an opaque reference each (1-based position, ordered by national ID so it is the
    same on every read), their person cases, and the dimensions a person case may take: those of
    the member's own failed person-level indicators, else the household's deprived dimensions.
    """
    h = next(
        (
            h
            for h in target_list(survey_round=survey_round, tambon=tambon, show_ids=show_ids).households
            if h.ref == household_id
        ),
        None,
    )
    if h is None:
        return None
    dims = indicator_dimensions(survey_round)
    h.targeted = _by_dimension(h.failed_indicators, dims)
    if h.addition is None:
        _household_members(h, survey_round=survey_round, tambon=tambon, show_ids=show_ids, dims=dims)
    return h


def _by_dimension(codes: Iterable[str], dims: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code in codes:
        if code in dims:
            out.setdefault(dims[code], []).append(code)
    return {d: out[d] for d in DIMENSIONS if d in out}


def _household_members(
    h: TargetHousehold, *, survey_round: SurveyRound, tambon: Area, show_ids: bool, dims: dict[str, str]
) -> None:
    """Replace ``h.persons`` by the household's survey members with their refs, person cases and offers."""
    from chumchon.poverty import store

    _, persons_table = store.read_tambon(survey_round, tambon.code)
    columns = set(persons_table.column_names)
    person_codes = [i.code for i in indicators_of(survey_round) if i.level == "person" and i.code in columns]
    rows = [p for p in persons_table.to_pylist() if p["household_id"] == h.household_id]
    # The store gives no order within a household: sort so that a ref means the same member on every read.
    rows.sort(key=lambda p: (p.get("national_id") or "", p.get("name_th") or ""))
    cases: dict[str, list[Case]] = defaultdict(list)
    for c in Case.objects.filter(
        survey_round=survey_round, area=tambon, addition__isnull=True, household_id=h.household_id
    ).exclude(person_id=""):
        cases[c.person_id].append(c)
    ref_date = survey_round.effective_reference_date
    h.persons = []
    h._member_ids = {}
    for ref, p in enumerate(rows, start=1):
        nid = p.get("national_id") or ""
        age = _age(p.get("birth_date"), ref_date)
        failed = [c for c in person_codes if p.get(c) == 0]
        person = TargetPerson(
            national_id=format_national_id(nid) if show_ids else mask_national_id(nid),
            name=p.get("name_th") or "",
            sex=p.get("sex") or "",
            age=age,
            groups=_groups_of(p, age),
            failed_indicators=failed,
            welfare_verified=bool(p.get("welfare_verified")),
            ref=ref,
        )
        if is_valid_national_id(nid):
            h._member_ids[ref] = nid
            person.cases = sorted(cases.get(nid, []), key=lambda c: DIMENSIONS.index(c.dimension))
            own = _by_dimension(failed, dims)
            person.targeted = own or {d: h.targeted.get(d, []) for d in h.deprived_dimensions}
            person.offered_dimensions = list(person.targeted)
        h.persons.append(person)


@dataclass
class CaseTarget:
    """How a case's target is shown: never a national ID in clear unless the viewer may see IDs."""

    household_ref: str  # the household page's reference: the survey household id, or "A<addition id>"
    person_name: str = ""
    person_id: str = ""  # masked unless the viewer holds PERSON_VIEW_ID; "" for a household case

    @property
    def is_person(self) -> bool:
        return bool(self.person_id)


def case_targets(cases: Iterable[Case], *, viewer: Any) -> dict[int, CaseTarget]:
    """Case id → its target for display (Logbook lists, the case page). A person case shows the
    member's name from the survey store (read once per round and tambon) and the national ID,
    masked unless ``viewer`` holds PERSON_VIEW_ID over the case's tambon."""
    from chumchon.accounts.permissions import can
    from chumchon.poverty import store

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


def additions_for(
    user: Any, *, survey_round: SurveyRound | None = None, area_code: str = ""
) -> QuerySet[FieldAddition]:
    prefixes = grants_for(user).prefixes(Action.PERSON_VIEW) | grants_for(user).prefixes(Action.PERSON_EDIT)
    qs = FieldAddition.objects.select_related("area", "created_by", "decided_by", "survey_round")
    qs = qs.filter(prefix_q(prefixes, "area__code")) if prefixes else qs.none()
    if survey_round is not None:
        qs = qs.filter(survey_round=survey_round)
    if area_code:
        qs = qs.filter(area__code__startswith=area_code)
    return qs


# ---------------------------------------------------------------------------------------------
# The Logbook


def cases_for(user: Any, *, area_code: str = "") -> QuerySet[Case]:
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
    by_status = dict.fromkeys(CaseStatus.values, 0)
    for row in cases.values("status").annotate(n=Count("id")):
        by_status[row["status"]] = row["n"]
    grid: dict[str, dict[str, int]] = {d: dict.fromkeys(CaseStatus.values, 0) for d in DIMENSIONS}
    for row in cases.values("dimension", "status").annotate(n=Count("id")):
        grid[row["dimension"]][row["status"]] = row["n"]
    labels = dict(DimensionCode.choices)
    by_dimension = [
        {"code": d, "label": labels[d], "statuses": grid[d], "total": sum(grid[d].values())} for d in DIMENSIONS
    ]
    totals = help_qs.aggregate(n=Count("id"), amount=Sum("amount"))
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


# ---------------------------------------------------------------------------------------------
# Closing the loop: was the targeted deprivation resolved by the next round?


@dataclass
class LoopRow:
    key: str
    label: str
    assisted: int = 0
    assisted_resolved: int = 0
    assisted_absent: int = 0
    comparable: int = 0
    comparable_resolved: int = 0

    @property
    def assisted_share(self) -> float | None:
        return 100 * self.assisted_resolved / self.assisted if self.assisted else None

    @property
    def comparable_share(self) -> float | None:
        return 100 * self.comparable_resolved / self.comparable if self.comparable else None


@dataclass
class LoopReport:
    prev_round: SurveyRound
    next_round: SurveyRound
    match: str
    overall: LoopRow
    by_area: list[LoopRow]
    by_agency: list[LoopRow]
    by_help_kind: list[LoopRow]
    by_dimension: list[LoopRow]
    case_outcomes: dict[int, str]  # case id → resolved | persisting | absent_after

    @property
    def overall_list(self) -> list[LoopRow]:
        return [self.overall]


def loop_closure(*, prev_round: SurveyRound, next_round: SurveyRound, prefix: str, match: str = "tambon") -> LoopReport:
    """For each assisted case of ``prev_round`` under ``prefix``, whether its dimension's deprivation
    was resolved in ``next_round``; beside it, the share resolved among comparable households NOT
    assisted: same tambon (``match="tambon"``) or district (``"district"``), deprived in the same
    dimension in the previous round. A household absent from the next round counts in neither share.
    """
    from chumchon.poverty import engine

    cut = 6 if match == "tambon" else 4
    cases = list(
        Case.objects.filter(
            survey_round=prev_round, area__code__startswith=prefix, addition__isnull=True, assistance__isnull=False
        )
        .select_related("area")
        .prefetch_related("assistance__agency")
        .distinct()
    )
    assisted_keys = {(c.household_id, c.dimension) for c in cases}
    # Every survey case (assisted or not) marks its household as "touched" in that dimension:
    # a household with an open case but no help yet is not a fair comparison either.
    touched = set(
        Case.objects.filter(survey_round=prev_round, addition__isnull=True).values_list("household_id", "dimension")
    )
    groups = sorted({c.area.code[:cut] for c in cases})
    pool: dict[tuple[str, str], list[str]] = defaultdict(list)  # (group, dimension) → households
    tambons = (
        sorted(
            set(
                Area.objects.filter(level="subdistrict")
                .filter(prefix_q(tuple(groups), "code"))
                .values_list("code", flat=True)
            )
        )
        if groups
        else []
    )
    for tambon in tambons:
        for r in engine.household_deprivations(prev_round, tambon).to_pylist():
            for d in r.get("deprived_dimensions") or []:
                if (r["household_id"], d) not in touched:
                    pool[(tambon[:cut], d)].append(r["household_id"])
    wanted = {c.household_id for c in cases} | {h for ids in pool.values() for h in ids}
    states: dict[tuple[str, str], str] = {}
    for row in engine.comparison(prev_round, next_round, sorted(wanted)):
        if row["kind"] == "dimension":
            states[(row["household_id"], row["code"])] = row["status"]

    def outcome(hid: str, dim: str) -> str:
        status = states.get((hid, dim), "absent_after")
        return status if status in ("resolved", "persisting") else "absent_after"

    comp_stats: dict[tuple[str, str], tuple[int, int]] = {}
    for pool_key, ids in pool.items():
        outs = [outcome(h, pool_key[1]) for h in ids]
        comp_stats[pool_key] = (sum(1 for o in outs if o != "absent_after"), sum(1 for o in outs if o == "resolved"))

    labels = dict(DimensionCode.choices)
    kinds = dict(AssistanceRecord._meta.get_field("help_kind").choices or [])
    area_names = dict(Area.objects.filter(code__in=groups).values_list("code", "name_th"))
    buckets: dict[str, dict[str, LoopRow]] = {"area": {}, "agency": {}, "kind": {}, "dimension": {}}
    bucket_pairs: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    overall = LoopRow("all", "")
    overall_pairs: set[tuple[str, str]] = set()
    case_outcomes: dict[int, str] = {}
    for c in cases:
        result = outcome(c.household_id, c.dimension)
        case_outcomes[c.pk] = result
        pair = (c.area.code[:cut], c.dimension)
        records = list(c.assistance.all())
        keys = [
            ("area", pair[0], area_names.get(pair[0], pair[0])),
            ("dimension", c.dimension, str(labels.get(c.dimension, c.dimension))),
        ]
        keys += [("agency", f"{r.agency_id or r.agency_name}", r.agency_label) for r in records]
        keys += [("kind", r.help_kind, str(kinds.get(r.help_kind, r.help_kind))) for r in records]
        for bucket, bucket_key, label in dict.fromkeys(keys):
            loop_row = buckets[bucket].setdefault(bucket_key, LoopRow(bucket_key, label))
            _count(loop_row, result)
            bucket_pairs[(bucket, bucket_key)].add(pair)
        _count(overall, result)
        overall_pairs.add(pair)
    for (bucket, bucket_key), pairs in bucket_pairs.items():
        _add_comparable(buckets[bucket][bucket_key], pairs, comp_stats)
    _add_comparable(overall, overall_pairs, comp_stats)
    assert all((c.household_id, c.dimension) in assisted_keys for c in cases)

    def ordered(b: str) -> list[LoopRow]:
        return sorted(buckets[b].values(), key=lambda r: (-r.assisted, r.label))

    return LoopReport(
        prev_round,
        next_round,
        match,
        overall,
        ordered("area"),
        ordered("agency"),
        ordered("kind"),
        ordered("dimension"),
        case_outcomes,
    )


def _count(row: LoopRow, result: str) -> None:
    if result == "absent_after":
        row.assisted_absent += 1
        return
    row.assisted += 1
    row.assisted_resolved += result == "resolved"


def _add_comparable(row: LoopRow, pairs: set[tuple[str, str]], stats: dict[tuple[str, str], tuple[int, int]]) -> None:
    for pair in pairs:
        n, resolved = stats.get(pair, (0, 0))
        row.comparable += n
        row.comparable_resolved += resolved


def poverty_area_summary(area: Area, user: Any) -> list[tuple[str, str, str | None]]:
    """Headline rows for an area page (registered in ``areas.selectors.AREA_SUMMARY_PROVIDERS``).

    Figures are aggregates (no personal data); shown to users who may see poverty figures there.
    """
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from chumchon.accounts.permissions import can

    if not (can(user, Action.PERSON_VIEW, area) or can(user, Action.LOGBOOK_VIEW, area)):
        return []
    survey_round = latest_round()
    result = area_result(survey_round, area.code) if survey_round is not None else None
    if survey_round is None or result is None:
        return []
    url = reverse("poverty:area", args=[area.code])
    return [
        (_("Households surveyed (%(round)s)") % {"round": survey_round.name}, f"{result.households:,}", url),
        (_("Target poor households (TPMAP)"), f"{result.target_poor_households:,}", url),
        (_("Poor households (Alkire–Foster)"), f"{result.af_poor_households:,}", url),
    ]
