"""Closing the loop: was the targeted deprivation resolved by the next round?"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from chumchon.areas.models import Area
from chumchon.areas.selectors import prefix_q
from chumchon.poverty import engine
from chumchon.poverty.models import AssistanceRecord, Case, DimensionCode, SurveyRound


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
