"""/api/poverty — survey rounds and the materialised poverty figures of areas (aggregates only).

Figures are read from the per-area result rows the engine writes (``AreaPovertyResult``), never
from survey rows; they hold no personal data. An area's figures are for callers who may see its
target lists or Logbook (as on the pages); out of scope answers 404.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from fractions import Fraction
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS
from chumchon.areas import selectors as area_selectors

# The engine loads DuckDB; importing it here delays nothing: PovertyConfig.ready() already loads it
# (registering the poverty jobs) in every process.
from chumchon.poverty.engine import stored_result_spec
from chumchon.poverty.models import AreaPovertyResult, SurveyRound
from chumchon.poverty.selectors import results as poverty_results

router = Router(tags=["poverty"])


class RoundOut(Schema):
    code: str
    name: str
    year_be: int = Field(description="survey year, Buddhist Era")
    indicator_set: str
    previous: str | None = None
    computed_at: dt.datetime | None = None
    household_count: int
    person_count: int

    @staticmethod
    def resolve_indicator_set(obj: SurveyRound) -> str:
        return obj.indicator_set.code

    @staticmethod
    def resolve_previous(obj: SurveyRound) -> str | None:
        return obj.previous.code if obj.previous_id else None  # type: ignore[union-attr]


class AreaResultOut(Schema):
    """One area's figures in one round. Ratios are exact fractions ("num/den"); H = q/n,
    A = S/(qW), M0 = S/(nW); contributions are each indicator's and dimension's share of M0."""

    level: str
    area_code: str = Field(description="DOPA code; empty for the nation, a cluster or a region")
    group_code: str
    households: int
    persons: int
    target_poor_households: int = Field(
        description="TPMAP rule: deprived in ≥ 1 dimension and on the verified register"
    )
    target_poor_persons: int
    deprived_any_households: int
    deprived_by_dimension: dict[str, int]
    deprived_by_indicator: dict[str, int]
    af_k: str
    af_poor_households: int
    af_h: str
    af_a: str
    af_m0: str
    censored_by_indicator: dict[str, int]
    contribution_by_indicator: dict[str, str]
    contribution_by_dimension: dict[str, str]
    elderly: int
    disabled: int
    chronically_ill: int
    bedridden: int
    children_0_5: int
    welfare_registered: int
    welfare_verified: int
    previous_households: int | None = None
    target_poor_households_delta: int | None = None
    af_poor_households_delta: int | None = None


def _fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


# Fields computed here; every other field of AreaResultOut is the result row's own.
_DERIVED = frozenset({"af_k", "af_h", "af_a", "af_m0", "contribution_by_indicator", "contribution_by_dimension"})
_STORED = [name for name in AreaResultOut.model_fields if name not in _DERIVED]


def _out(result: AreaPovertyResult, spec: dict[str, Any]) -> dict[str, Any]:
    by_indicator, by_dimension = result.contributions(spec)
    return {
        **{name: getattr(result, name) for name in _STORED},
        "af_k": _fraction(result.k),
        "af_h": _fraction(result.h),
        "af_a": _fraction(result.a),
        "af_m0": _fraction(result.m0),
        "contribution_by_indicator": {code: _fraction(v) for code, v in by_indicator.items()},
        "contribution_by_dimension": {code: _fraction(v) for code, v in by_dimension.items()},
    }


def _round_or_404(code: str) -> SurveyRound:
    found = poverty_results.rounds_ready().filter(code=code).first() if "\x00" not in code else None
    if found is None:
        raise Http404
    return found


def _spec(survey_round: SurveyRound) -> dict[str, Any]:
    return stored_result_spec(survey_round)


def _visible_area_code(request: HttpRequest, code: str) -> str:
    area = area_selectors.area_get(code) if "\x00" not in code else None  # no stored text holds NUL
    if area is None or not poverty_results.area_results_visible(request.user, area.code):
        raise Http404
    return area.code


@router.get("/rounds", response={200: list[RoundOut], **LIST_ERRORS}, summary="Survey rounds / รอบการสำรวจ")
def round_list(request: HttpRequest) -> Any:
    """Rounds whose area figures are computed, newest first."""
    return list(poverty_results.rounds_ready().order_by("-year_be", "-id"))


@router.get(
    "/rounds/{round_code}/nation",
    response={200: AreaResultOut, **READ_ERRORS},
    summary="The nation's figures / ผลระดับประเทศ",
)
def nation_figures(request: HttpRequest, round_code: str) -> Any:
    survey_round = _round_or_404(round_code)
    if not poverty_results.area_results_visible(request.user, ""):
        raise Http404
    result = poverty_results.nation_result(survey_round)
    if result is None:
        raise Http404
    return _out(result, _spec(survey_round))


@router.get(
    "/rounds/{round_code}/provinces",
    response={200: list[AreaResultOut], **READ_ERRORS},
    summary="Provinces' figures in my scope / ผลรายจังหวัด",
)
def province_figures(request: HttpRequest, round_code: str) -> Any:
    survey_round = _round_or_404(round_code)
    spec = _spec(survey_round)
    return [
        _out(r, spec)
        for r in poverty_results.province_results(survey_round)
        if poverty_results.area_results_visible(request.user, r.area_code)
    ]


@router.get(
    "/rounds/{round_code}/areas/{code}",
    response={200: AreaResultOut, **READ_ERRORS},
    summary="One area's figures / ผลของพื้นที่",
)
def area_figures(request: HttpRequest, round_code: str, code: str) -> Any:
    survey_round = _round_or_404(round_code)
    result = poverty_results.area_result(survey_round, _visible_area_code(request, code))
    if result is None:
        raise Http404
    return _out(result, _spec(survey_round))


@router.get(
    "/rounds/{round_code}/areas/{code}/children",
    response={200: list[AreaResultOut], **READ_ERRORS},
    summary="Figures of the areas inside an area / ผลของพื้นที่ย่อย",
)
def child_figures(request: HttpRequest, round_code: str, code: str) -> Any:
    """Districts of a province, tambons of a district, villages of a tambon."""
    survey_round = _round_or_404(round_code)
    spec = _spec(survey_round)
    return [_out(r, spec) for r in poverty_results.child_results(survey_round, _visible_area_code(request, code))]
