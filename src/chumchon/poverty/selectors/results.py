"""Rounds and area results: the materialised ``AreaPovertyResult`` rows and the figures pages show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, QuerySet, Subquery

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, can, grants_for
from chumchon.areas.models import Area
from chumchon.core import prepared
from chumchon.core.dopa import prefix_range_q
from chumchon.poverty import village_results
from chumchon.poverty.engine import stored_result_spec
from chumchon.poverty.models import (
    AreaPovertyResult,
    DimensionCode,
    Indicator,
    ResultLevel,
    RoundStatus,
    SurveyRound,
    VulnerableGroup,
)
from chumchon.poverty.models.indicators import DIMENSION_ORDER
from chumchon.poverty.selectors.additions import AdditionCounts, addition_counts

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
DIMENSIONS: tuple[str, ...] = DIMENSION_ORDER


def rounds_ready() -> QuerySet[SurveyRound]:
    return SurveyRound.objects.filter(status=RoundStatus.READY).select_related("indicator_set", "previous")


def round_choices() -> QuerySet[SurveyRound]:
    """The ready rounds for a page's round picker (code and name only, in the rounds' order)."""
    return rounds_ready().select_related(None).only("id", "code", "name")


def latest_round(*, related: bool = True) -> SurveyRound | None:
    """The newest ready round; without ``related``, its indicator set and previous round are not joined."""
    rounds = rounds_ready() if related else rounds_ready().select_related(None)
    return rounds.order_by("-year_be", "-id").first()


def round_get(code: str | None) -> SurveyRound | None:
    if code:
        return SurveyRound.objects.select_related("indicator_set", "previous").filter(code=code).first()
    return latest_round()


def round_and_choices(code: str | None) -> tuple[SurveyRound | None, list[SurveyRound]]:
    """``round_get(code)`` and ``round_choices()`` from one read of the ready rounds (a page with a round
    picker: one statement, was two). A code that names no ready round is read on its own, as before.
    The rounds come without their indicator set and previous round (joined for 20 rounds they cost more
    CPU than the statement saved): an area page needs only the set's id (``indicators_of``)."""
    # the model's order: the picker's; made of nothing but the status, so built once per process (core.prepared)
    ready: list[SurveyRound] = prepared.objects(("poverty.rounds_ready",), lambda: rounds_ready().select_related(None))
    if code:
        chosen = next((r for r in ready if r.code == code), None)
        return (chosen if chosen is not None else round_get(code)), ready
    # latest_round(): the newest year, then the highest id
    return (max(ready, key=lambda r: (r.year_be, r.pk)) if ready else None), ready


def next_round(survey_round: SurveyRound) -> SurveyRound | None:
    return rounds_ready().filter(previous=survey_round).order_by("year_be").first()


def area_results_visible(user: User | AnonymousUser, area_code: str) -> bool:
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
    if level == ResultLevel.VILLAGE:  # kept beside the round's survey files (``village_results``)
        found = village_results.villages(survey_round, area_code)
        return next((r for r in found if r.area_code == area_code), None)
    # Made of the round's id, the level and the code: built once per process for them (core.prepared).
    found = prepared.objects(
        ("poverty.area_result", survey_round.pk, level, area_code),
        lambda: AreaPovertyResult.objects.filter(survey_round=survey_round, level=level, area_code=area_code)[:1],
    )
    return found[0] if found else None


# What an area page's children table and tile map show of each child (the JSON breakdowns are not read).
CHILD_TABLE_FIELDS = ("id", "area_code", "households", "target_poor_households", "af_m0")


def child_results(
    survey_round: SurveyRound, area_code: str, *, only: Sequence[str] | None = None
) -> list[AreaPovertyResult]:
    """The results of the area's children; ``only``: just these fields of the stored rows (villages, kept
    in the round's file, come whole)."""
    level = CHILD_LEVEL.get(LEVEL_BY_LENGTH.get(len(area_code), ""))
    if level is None:
        return []
    if level == ResultLevel.VILLAGE:
        return village_results.villages(survey_round, area_code)
    rows = AreaPovertyResult.objects.filter(
        prefix_range_q([area_code], "area_code"), survey_round=survey_round, level=level
    ).order_by("area_code")
    return list(rows.only(*only) if only else rows)


def child_results_named(
    survey_round: SurveyRound, area_code: str, *, only: Sequence[str] | None = None
) -> tuple[list[AreaPovertyResult], dict[str, str]]:
    """``child_results`` and the children's Thai names (code → name): stored rows carry the name from a
    subquery in the same statement; villages (kept in the round's file) have theirs read after."""
    level = CHILD_LEVEL.get(LEVEL_BY_LENGTH.get(len(area_code), ""))
    if level is None or level == ResultLevel.VILLAGE:
        children = child_results(survey_round, area_code, only=only)
        codes = [c.area_code for c in children]
        return children, dict(Area.objects.filter(code__in=codes).values_list("code", "name_th"))

    def build() -> QuerySet[AreaPovertyResult]:
        rows = AreaPovertyResult.objects.filter(
            prefix_range_q([area_code], "area_code"), survey_round=survey_round, level=level
        ).order_by("area_code")
        if only:
            rows = rows.only(*only)
        area_name = Area.objects.filter(code=OuterRef("area_code")).values("name_th")[:1]
        return rows.annotate(child_name_th=Subquery(area_name))

    # Made of the round's id, the level, the code and the fields read: built once per process for them
    # (core.prepared).
    found: list[AreaPovertyResult] = prepared.objects(
        ("poverty.child_results_named", survey_round.pk, level, area_code, tuple(only or ())), build
    )
    # as the separate read gave them: a child without an area row has no name
    names: dict[str, str] = {}
    for c in found:
        if (child_name := getattr(c, "child_name_th", None)) is not None:
            names[c.area_code] = child_name
    return found, names


def indicators_of(survey_round: SurveyRound) -> list[Indicator]:
    """The round's indicators with their dimensions, by number (made of the set's id alone: the statement is
    built once per process for it, ``core.prepared``)."""
    set_id = survey_round.indicator_set_id
    return prepared.objects(
        ("poverty.indicators_of", set_id),
        lambda: Indicator.objects.filter(indicator_set_id=set_id).select_related("dimension").order_by("number"),
    )


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


def area_figures(survey_round: SurveyRound, area_code: str) -> AreaFigures:
    result = area_result(survey_round, area_code)
    additions = addition_counts(survey_round, [area_code])
    labels = dict(DimensionCode.choices)
    dimension_rows = []
    indicator_rows = []
    if result is not None:
        n = result.households or 0

        by_indicator, by_dimension = result.contributions(_result_spec(survey_round))
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
                    # the dimension's label from the choices read once (get_code_display rebuilds them per row)
                    "dimension_label": str(labels.get(ind.dimension.code, ind.dimension.code)) if ind.dimension else "",
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


def _result_spec(survey_round: SurveyRound) -> dict[str, Any]:
    """``stored_result_spec`` without reading the round again when the page's round object carries its
    spec (read with it in this request: one statement less per area page)."""
    if "result_spec" in survey_round.__dict__ and survey_round.result_spec:
        return dict(survey_round.result_spec)
    return stored_result_spec(survey_round)


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


def user_area_codes(user: User | AnonymousUser, action: str = Action.PERSON_VIEW) -> list[str]:
    """The top areas a user may see poverty figures for ("" = nation → its provinces)."""
    prefixes = set(grants_for(user).prefixes(action)) | set(grants_for(user).prefixes(Action.LOGBOOK_VIEW))
    if "" in prefixes:
        return list(Area.objects.filter(level="province").order_by("code").values_list("code", flat=True))
    return sorted(prefixes)
