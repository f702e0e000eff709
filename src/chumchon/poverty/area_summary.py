"""Poverty headline rows on area pages (registered in ``areas.selectors.AREA_SUMMARY_PROVIDERS``)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, can
from chumchon.areas.models import Area
from chumchon.areas.selectors import AREA_SUMMARY_PROVIDERS
from chumchon.core.request_memo import remembered
from chumchon.poverty.models import AreaPovertyResult, SurveyRound
from chumchon.poverty.selectors.results import area_result, latest_round


def latest_area_result(area_code: str) -> tuple[SurveyRound | None, AreaPovertyResult | None]:
    """The newest ready round and the area's result in it, read once per request: the area page's poverty
    headline and its capital headline (``capital.selectors.people_of``) both show them. The same for
    every user (visibility is checked by each caller), so the key holds no user."""

    def read() -> tuple[SurveyRound | None, AreaPovertyResult | None]:
        # latest_round() without its indicator set and previous round joined: neither headline nor the capital
        # pages read them (a round's set is read by id), and the joins were half of this statement's CPU.
        survey_round = latest_round(related=False)
        return survey_round, area_result(survey_round, area_code) if survey_round is not None else None

    return remembered(("poverty.latest_area_result", area_code), read)


def poverty_area_summary(area: Area, user: User | AnonymousUser) -> list[tuple[str, str, str | None]]:
    """Headline rows for an area page (registered in ``areas.selectors.AREA_SUMMARY_PROVIDERS``).

    Figures are aggregates (no personal data); shown to users who may see poverty figures there.
    """

    if not (can(user, Action.PERSON_VIEW, area) or can(user, Action.LOGBOOK_VIEW, area)):
        return []
    survey_round, result = latest_area_result(area.code)
    if survey_round is None or result is None:
        return []
    url = reverse("poverty:area", args=[area.code])
    return [
        (_("Households surveyed (%(round)s)") % {"round": survey_round.name}, f"{result.households:,}", url),
        (_("Target poor households (TPMAP)"), f"{result.target_poor_households:,}", url),
        (_("Poor households (Alkire–Foster)"), f"{result.af_poor_households:,}", url),
    ]


def register() -> None:
    """Add the poverty rows to area pages (called once from ``PovertyConfig.ready``)."""
    if poverty_area_summary not in AREA_SUMMARY_PROVIDERS:
        AREA_SUMMARY_PROVIDERS.append(poverty_area_summary)
