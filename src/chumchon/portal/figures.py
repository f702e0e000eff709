"""Public poverty figures: one round's whole published table, suppressed once, consistently.

A cell published on two pages (a district is a child on its province's page and the total on its
own) must be hidden on both or neither, so suppression runs over the round's whole tree at once —
per measure, every relation of the area tree and of the two groupings of provinces:
nation = Σ regions = Σ clusters (+ provinces outside any cluster), region / cluster = Σ provinces,
province = Σ districts, district = Σ tambons. Villages are not published. The result is kept per
process for each (round, computed_at), so warm pages read a dictionary. Building it costs seconds at
national size, so the outcome is also materialised in ``portal.PublishedRoundFigures`` (one row per round,
rebuilt when the round is recomputed or the threshold changes): a new worker or a restarted server parses
that row instead of suppressing the tree again (``bench/portal.py`` reports the cold cost).
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db import IntegrityError, transaction

from chumchon.areas.models import Area, AreaLevel
from chumchon.portal.disclosure import Note, Relation, Suppressed, min_count, suppress
from chumchon.portal.models import PublishedRoundFigures
from chumchon.poverty.models import AreaPovertyResult, SurveyRound
from chumchon.poverty.models.rounds import ResultLevel, RoundStatus

NATION = "TH"
# Count measures published per area (each its own additive table).
COUNTS = ("households", "persons", "target_poor_households", "af_poor_households")
PUBLISHED_LEVELS = (
    ResultLevel.NATION,
    ResultLevel.REGION,
    ResultLevel.CLUSTER,
    ResultLevel.PROVINCE,
    ResultLevel.DISTRICT,
    ResultLevel.SUBDISTRICT,
)


def place_key(row: AreaPovertyResult) -> str:
    if row.level == ResultLevel.NATION:
        return NATION
    return row.group_code or row.area_code


@dataclass
class RoundTable:
    """One round's published figures: measure -> Suppressed over place keys; plus exact AF parts."""

    survey_round: SurveyRound
    measures: dict[str, Suppressed] = field(default_factory=dict)
    score_sum: dict[str, int] = field(default_factory=dict)
    weight_total: dict[str, int] = field(default_factory=dict)
    dimensions: list[str] = field(default_factory=list)

    def value(self, measure: str, key: str) -> int | None:
        table = self.measures.get(measure)
        return None if table is None else table.value(key)

    def has(self, key: str) -> bool:
        return key in self.measures["households"].values

    def headcount_ratio(self, key: str) -> Fraction | None:
        n, q = self.value("households", key), self.value("af_poor_households", key)
        return Fraction(q, n) if n and q is not None else None

    def m0(self, key: str) -> Fraction | None:
        n, q = self.value("households", key), self.value("af_poor_households", key)
        w = self.weight_total.get(key) or 0
        if not n or q is None or not w:
            return None
        return Fraction(self.score_sum.get(key, 0), n * w)

    def note_for(self, keys: list[str], measures: tuple[str, ...] | None = None) -> Note:
        note = Note()
        for measure in measures or tuple(self.measures):
            note.add(self.measures[measure], keys)
        return note


def relations(rows: list[AreaPovertyResult]) -> list[Relation]:
    """The additive relations between the published places of one round."""
    keys = {place_key(r) for r in rows}
    provinces = sorted(k for k in keys if len(k) == 2 and k.isdigit())
    rels: list[Relation] = []
    children: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        if key.isdigit() and len(key) in (4, 6):
            children[key[: len(key) - 2]].append(key)
    for parent, kids in children.items():
        if parent in keys:
            rels.append(Relation(parent, tuple(sorted(kids))))
    groupings = dict(
        Area.objects.filter(level=AreaLevel.PROVINCE, code__in=provinces).values_list("code", "codi_region__code")
    )
    clusters = dict(
        Area.objects.filter(level=AreaLevel.PROVINCE, code__in=provinces).values_list("code", "cluster__code")
    )
    for grouping in (groupings, clusters):
        members: dict[str, list[str]] = defaultdict(list)
        outside = []
        for code in provinces:
            group = grouping.get(code)
            if group and group in keys:
                members[group].append(code)
            else:
                outside.append(code)
        for group, codes in members.items():
            rels.append(Relation(group, tuple(codes)))
        if NATION in keys and members:
            rels.append(Relation(NATION, tuple(sorted(members)) + tuple(outside)))
    if NATION in keys and provinces:
        rels.append(Relation(NATION, tuple(provinces)))
    return rels


def build(survey_round: SurveyRound) -> RoundTable:
    rows = list(AreaPovertyResult.objects.filter(survey_round=survey_round, level__in=PUBLISHED_LEVELS))
    rels = relations(rows)
    table = RoundTable(survey_round=survey_round)
    dims: set[str] = set()
    for r in rows:
        dims.update((r.deprived_by_dimension or {}).keys())
    table.dimensions = sorted(dims)
    for measure in COUNTS:
        table.measures[measure] = suppress({place_key(r): int(getattr(r, measure)) for r in rows}, rels)
    for dim in table.dimensions:
        table.measures[f"dim:{dim}"] = suppress(
            {place_key(r): int((r.deprived_by_dimension or {}).get(dim, 0)) for r in rows}, rels
        )
    for r in rows:
        key = place_key(r)
        table.score_sum[key] = int(r.af_score_sum)
        table.weight_total[key] = int(r.af_weight_total)
    return table


def dumps(table: RoundTable) -> str:
    """The table as compact JSON (place keys are strings)."""
    return json.dumps(
        {
            "measures": {m: [t.values, t.hidden] for m, t in table.measures.items()},
            "score_sum": table.score_sum,
            "weight_total": table.weight_total,
            "dimensions": table.dimensions,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


def loads(survey_round: SurveyRound, payload: str) -> RoundTable:
    data = json.loads(payload)
    return RoundTable(
        survey_round=survey_round,
        measures={m: Suppressed(values=v, hidden=h) for m, (v, h) in data["measures"].items()},
        score_sum=data["score_sum"],
        weight_total=data["weight_total"],
        dimensions=data["dimensions"],
    )


def materialised(survey_round: SurveyRound) -> RoundTable:
    """The round's table from ``PublishedRoundFigures`` when it is current, else built and stored there."""
    threshold = min_count()
    row = (
        PublishedRoundFigures.objects.filter(
            survey_round=survey_round, computed_at=survey_round.computed_at, min_count=threshold
        )
        .values_list("payload", flat=True)
        .first()
    )
    if row is not None:
        return loads(survey_round, row)
    return materialise(survey_round)


def materialise(survey_round: SurveyRound) -> RoundTable:
    """Suppress the round's whole published tree and store the outcome (replacing a stale one).

    Called by the first reader after a recompute, and by ``bench/national.py`` and the demo right after
    their engine runs. Two workers racing both build; the second write replaces the first (same data)."""
    started = time.perf_counter()
    table = build(survey_round)
    values = {
        "computed_at": survey_round.computed_at,
        "min_count": min_count(),
        "build_seconds": round(time.perf_counter() - started, 3),
        "payload": dumps(table),
    }
    try:
        with transaction.atomic():
            PublishedRoundFigures.objects.update_or_create(survey_round=survey_round, defaults=values)
    except IntegrityError:  # another worker inserted it between our read and write: theirs is the same
        pass
    return table


_CACHE: dict[tuple[int, str, int], RoundTable] = {}
_LOCK = threading.Lock()


def round_table(survey_round: SurveyRound) -> RoundTable:
    stamp = (survey_round.pk, str(survey_round.computed_at), min_count())
    with _LOCK:
        cached = _CACHE.get(stamp)
    if cached is not None:
        return cached
    table = materialised(survey_round)
    with _LOCK:
        for key in [k for k in _CACHE if k[0] == survey_round.pk]:
            del _CACHE[key]
        _CACHE[stamp] = table
    return table


def ready_rounds() -> list[SurveyRound]:
    """Ready rounds, oldest first."""
    return list(
        SurveyRound.objects.filter(status=RoundStatus.READY).select_related("indicator_set").order_by("year_be", "id")
    )


def percent(value: Fraction | None, places: int = 1) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) * 100 / Decimal(value.denominator)).quantize(Decimal(1).scaleb(-places))


def ratio(value: Fraction | None, places: int = 3) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1).scaleb(-places))
