"""What poverty's pages share: finding the area and round asked for, scope checks, messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import get_language

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area, AreaLevel
from chumchon.areas.selectors import area_breadcrumb, area_with_ancestors
from chumchon.poverty.models import DimensionCode, Indicator, SurveyRound, VulnerableGroup
from chumchon.poverty.selectors import results as results_selectors

DIM_LABELS = dict(DimensionCode.choices)
GROUP_LABELS = dict(VulnerableGroup.choices)


def area_or_404(code: str) -> Area:
    # With its ancestors (village → tambon → district → province) in the same statement: the page's
    # breadcrumb needs no read of its own (``breadcrumb``).
    area = area_with_ancestors(code)
    if area is None:
        raise Http404("ไม่พบพื้นที่ / Area not found")
    return area


def breadcrumb(area: Area) -> list[Area]:
    """``areas.selectors.area_breadcrumb`` from the ancestors ``area_or_404`` read with the area; read as
    it does when they were not (or their codes are not the area's code prefixes)."""
    chain: list[Area] = []
    current: Area | None = area
    while current is not None and current.parent_id is not None:
        if not Area.parent.is_cached(current):
            return area_breadcrumb(area)
        current = current.parent
        if current is not None:
            chain.append(current)
    chain.reverse()
    if [a.code for a in chain] != area.ancestor_codes():
        return area_breadcrumb(area)
    return [*chain, area]


def area_visible_or_404(user: User | AnonymousUser, area: Area) -> None:
    if not results_selectors.area_results_visible(user, area.code):
        raise Http404("ไม่พบข้อมูล / Not found")


def tambon_for_people(request: HttpRequest, code: str) -> Area:
    """The tambon of a page that lists people (target lists, households, cases): the user must see its
    people (PERSON_VIEW), and it must be a tambon (404 otherwise)."""
    area = area_or_404(code)
    permissions.require_read(request.user, Action.PERSON_VIEW, area)
    if area.level != AreaLevel.SUBDISTRICT:
        raise Http404("รายชื่อเป้าหมายดูได้ทีละตำบล / Target lists are per subdistrict")
    return area


def round_from_request(request: HttpRequest) -> SurveyRound | None:
    return results_selectors.round_get(request.GET.get("round") or request.POST.get("round"))


def round_and_choices(request: HttpRequest) -> tuple[SurveyRound | None, list[SurveyRound]]:
    """``round_from_request`` and the round picker's list, in one statement."""
    return results_selectors.round_and_choices(request.GET.get("round") or request.POST.get("round"))


def show_errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def share_percent(num: int, den: int) -> float | None:
    return 100 * num / den if den else None


def indicator_labels(survey_round: SurveyRound) -> dict[str, str]:
    """code → the indicator's name in the active language (Thai when no English name is known)."""
    english = (get_language() or "th").startswith("en")
    return {
        code: (name_en if english and name_en else name_th)
        for code, name_th, name_en in Indicator.objects.filter(
            indicator_set_id=survey_round.indicator_set_id
        ).values_list("code", "name_th", "name_en")
    }


def village_labels(tambon: Area) -> dict[str, str]:
    """village code → its name in the active language, for the villages of one tambon."""
    english = (get_language() or "th").startswith("en")
    return {
        code: (name_en if english and name_en else name_th)
        for code, name_th, name_en in Area.objects.filter(parent=tambon, level=AreaLevel.VILLAGE).values_list(
            "code", "name_th", "name_en"
        )
    }
