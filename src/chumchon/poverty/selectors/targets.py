"""Target lists, one tambon at a time: deprived households read from the survey store, with members and cases."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from chumchon.areas.models import Area
from chumchon.core.national_id import format_national_id, is_valid_national_id, mask_national_id
from chumchon.poverty import engine, store
from chumchon.poverty.models import AdditionKind, Case, FieldAddition, SurveyRound, VulnerableGroup
from chumchon.poverty.models.duplicates import excluded_records
from chumchon.poverty.models.indicators import DIMENSION_ORDER
from chumchon.poverty.selectors.additions import verified_additions
from chumchon.poverty.selectors.duplicates import duplicate_flags
from chumchon.poverty.selectors.results import indicators_of


@dataclass
class TargetPerson:
    national_id: str  # masked unless the viewer may see IDs
    name: str
    sex: str
    age: int | None
    groups: list[str]
    failed_indicators: list[str]
    welfare_verified: bool
    # A cross-area duplicate (``selectors.duplicates``): "open" (waiting for resolution) or "elsewhere"
    # (the same person, counted in another area); "" when not flagged.
    duplicate: str = ""
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
    def duplicate_flags(self) -> list[str]:
        """The cross-area duplicate flags of the members ("open", "elsewhere")."""
        return sorted({p.duplicate for p in self.persons if p.duplicate})

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
    households: Sequence[TargetHousehold]
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


def _copy(h: TargetHousehold) -> TargetHousehold:
    """A shallow copy of a household, as ``dataclasses.replace(h)`` makes, without running ``__init__``
    again (a tenth of its time: a tambon's 1,000 deprived households took 13 ms to copy that way)."""
    new = object.__new__(TargetHousehold)
    new.__dict__.update(h.__dict__)
    return new


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

    # The cached households are shared between requests: the list holds them as they are and copies only
    # those a caller reads (a page's 25, not the tambon's ~1,000), each with this request's cases.
    households: list[TargetHousehold] = list(_survey_households(survey_round, tambon.code, show_ids=show_ids))
    ref_date = survey_round.effective_reference_date
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
    total = len(households)
    if dimension:
        households = [h for h in households if dimension in h.deprived_dimensions]
    if group:
        households = [h for h in households if group in h.groups]
    if tpmap_only:
        households = [h for h in households if h.is_tpmap_target]
    return TargetList(survey_round, tambon, _WithCases(households, by_target), total, show_ids)


class _WithCases(Sequence[TargetHousehold]):
    """The target list's households, each handed out as a copy carrying its Logbook cases: a page's slice
    copies only its own rows."""

    def __init__(self, households: list[TargetHousehold], cases: Mapping[str, dict[str, Case]]) -> None:
        self._households = households
        self._cases = cases

    def __len__(self) -> int:
        return len(self._households)

    def __iter__(self) -> Iterator[TargetHousehold]:
        return map(self._with_cases, self._households)

    def _with_cases(self, h: TargetHousehold) -> TargetHousehold:
        new = _copy(h)
        new.cases = self._cases.get(h.ref, {})
        return new

    @overload
    def __getitem__(self, index: int) -> TargetHousehold: ...

    @overload
    def __getitem__(self, index: slice) -> list[TargetHousehold]: ...

    def __getitem__(self, index: int | slice) -> TargetHousehold | list[TargetHousehold]:
        if isinstance(index, slice):
            return [self._with_cases(h) for h in self._households[index]]
        return self._with_cases(self._households[index])


# The survey part of a target list (deprived households and their members, as built from the store), kept
# per process for the last few tambons asked: warm pages then open no DuckDB connection and read no file.
# The key holds everything the part depends on — the round and when it was computed, the district files'
# size and modification time (a tambon replacement or an import rewrites them), the round's left-out
# duplicate records and the members' duplicate flags of this tambon, and whether IDs are shown — so a change
# to any of them is a miss, never a stale list.
_SURVEY_CACHE_SIZE = 16
_survey_cache: OrderedDict[tuple[Any, ...], list[TargetHousehold]] = OrderedDict()
_survey_cache_lock = threading.Lock()


def _files_stamp(survey_round: SurveyRound, tambon_code: str) -> tuple[Any, ...]:
    directory = store.round_dir(survey_round)
    files = store.household_files(directory, [tambon_code[:4]]) + store.person_files(directory, [tambon_code[:4]])
    stamps = []
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        stamps.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(stamps)


def _survey_households(survey_round: SurveyRound, tambon_code: str, *, show_ids: bool) -> list[TargetHousehold]:
    """Deprived surveyed households of a tambon with their members (shared, cached: copy before changing)."""
    flags = duplicate_flags(survey_round, tambon_code)
    key = (
        survey_round.pk,
        str(survey_round.computed_at),
        survey_round.indicator_set_id,
        tambon_code,
        show_ids,
        _files_stamp(survey_round, tambon_code),
        tuple(r for r in excluded_records(survey_round.pk) if r[1] == tambon_code),
        tuple(sorted(flags.items())),
    )
    with _survey_cache_lock:
        cached = _survey_cache.get(key)
        if cached is not None:
            _survey_cache.move_to_end(key)
            return cached
    built = _build_survey_households(survey_round, tambon_code, show_ids=show_ids, flags=flags)
    with _survey_cache_lock:
        _survey_cache[key] = built
        while len(_survey_cache) > _SURVEY_CACHE_SIZE:
            _survey_cache.popitem(last=False)
    return built


def _build_survey_households(
    survey_round: SurveyRound, tambon_code: str, *, show_ids: bool, flags: dict[str, str]
) -> list[TargetHousehold]:
    deprivations = engine.household_deprivations(survey_round, tambon_code).to_pylist()
    deprived = [r for r in deprivations if r.get("deprived_dimensions")]
    ids = {r["household_id"] for r in deprived}
    _, persons_table = store.read_tambon(survey_round, tambon_code) if ids else (None, None)
    person_codes = [i.code for i in indicators_of(survey_round) if i.level == "person"]
    ref_date = survey_round.effective_reference_date
    members: dict[str, list[TargetPerson]] = defaultdict(list)
    member_groups: dict[str, set[str]] = defaultdict(set)
    columns = set(persons_table.column_names) if persons_table is not None else set()
    for p in persons_table.to_pylist() if persons_table is not None else []:
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
                duplicate=flags.get(nid, ""),
            )
        )
    return [
        TargetHousehold(
            household_id=r["household_id"],
            house_no=r.get("house_no") or "",
            village_code=r.get("village_code") or "",
            members=int(r.get("persons") or r.get("members") or 0),
            failed_indicators=list(r["failed_indicators"] or []),
            deprived_dimensions=[d for d in DIMENSION_ORDER if d in (r["deprived_dimensions"] or [])],
            is_tpmap_target=bool(r.get("is_tpmap_target")),
            is_af_poor=bool(r.get("is_af_poor")),
            score_percent=100 * (r.get("score") or 0) / (r.get("weight_total") or 1),
            persons=members.get(r["household_id"], []),
            groups=member_groups.get(r["household_id"], set()),
        )
        for r in deprived
    ]


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
    return {d: out[d] for d in DIMENSION_ORDER if d in out}


def _household_members(
    h: TargetHousehold, *, survey_round: SurveyRound, tambon: Area, show_ids: bool, dims: dict[str, str]
) -> None:
    """Replace ``h.persons`` by the household's survey members with their refs, person cases and offers."""

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
    flags = duplicate_flags(survey_round, tambon.code)
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
            duplicate=flags.get(nid, ""),
            ref=ref,
        )
        if is_valid_national_id(nid):
            h._member_ids[ref] = nid
            person.cases = sorted(cases.get(nid, []), key=lambda c: DIMENSION_ORDER.index(c.dimension))
            own = _by_dimension(failed, dims)
            person.targeted = own or {d: h.targeted.get(d, []) for d in h.deprived_dimensions}
            person.offered_dimensions = list(person.targeted)
        h.persons.append(person)
