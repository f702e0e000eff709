"""Area results pages: the index of the user's areas, an area's figures, the national map."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area, AreaLevel
from chumchon.core.links import link_maker
from chumchon.poverty import charts
from chumchon.poverty.models import AdditionStatus
from chumchon.poverty.selectors import additions as additions_selectors
from chumchon.poverty.selectors import logbook as logbook_selectors
from chumchon.poverty.selectors import results as results_selectors
from chumchon.poverty.views.common import (
    area_or_404,
    area_visible_or_404,
    breadcrumb,
    round_and_choices,
    round_from_request,
    share_percent,
)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    survey_round, rounds = round_and_choices(request)
    codes = results_selectors.user_area_codes(request.user)
    rows = results_selectors.headline_rows(survey_round, codes) if survey_round else []
    pending = (
        additions_selectors.additions_for(request.user).filter(status=AdditionStatus.PENDING).count()
        if permissions.can_anywhere(request.user, Action.PERSON_VERIFY)
        else 0
    )
    return render(
        request,
        "poverty/index.html",
        {
            "survey_round": survey_round,
            "rounds": rounds,
            "rows": [
                (area, result, share_percent(result.target_poor_households, result.households) if result else None)
                for area, result in rows
            ],
            "pending_additions": pending,
            "can_import": permissions.can_anywhere(request.user, Action.SURVEY_IMPORT),
        },
    )


@login_required
def area_page(request: HttpRequest, code: str) -> HttpResponse:
    area = area_or_404(code)
    area_visible_or_404(request.user, area)
    survey_round, rounds = round_and_choices(request)
    figures = results_selectors.area_figures(survey_round, area.code) if survey_round else None
    children, names = (
        results_selectors.child_results_named(survey_round, area.code, only=results_selectors.CHILD_TABLE_FIELDS)
        if survey_round
        else ([], {})
    )
    child_url = link_maker("poverty:area") if area.level != AreaLevel.SUBDISTRICT else None
    tiles = [
        charts.Tile(
            code=c.area_code,
            label=names.get(c.area_code, c.area_code),
            share=share_percent(c.target_poor_households, c.households),
            url=child_url(c.area_code) if child_url else "",
            title=f"{names.get(c.area_code, c.area_code)} ({c.area_code})",
        )
        for c in children
    ]
    result = figures.result if figures else None
    dimension_chart = charts.bar_chart(
        [(str(r["label"]), r["percent"], f"{r['count']:,}") for r in (figures.dimension_rows if figures else [])]
    )
    return render(
        request,
        "poverty/area.html",
        {
            "area": area,
            "breadcrumb": breadcrumb(area),
            "survey_round": survey_round,
            "rounds": rounds,
            "figures": figures,
            "result": result,
            "target_share": share_percent(result.target_poor_households, result.households) if result else None,
            "dimension_chart": dimension_chart,
            "tile_map": charts.tile_map(tiles, provinces=False, columns=8),
            "children": [
                (c, names.get(c.area_code, c.area_code), t.share) for c, t in zip(children, tiles, strict=True)
            ],
            "is_tambon": area.level == AreaLevel.SUBDISTRICT,
            "can_view_people": permissions.can(request.user, Action.PERSON_VIEW, area),
            # The Logbook spans rounds: help given on 2565 targets is still the area's work in 2566.
            "logbook": logbook_selectors.logbook_headline(prefixes=[area.code])
            if permissions.can(request.user, Action.LOGBOOK_VIEW, area)
            else None,
        },
    )


@login_required
def nation_map(request: HttpRequest) -> HttpResponse:
    """Provinces on Thailand's tile grid, for users who may see them (others' provinces stay grey)."""
    survey_round = round_from_request(request)
    results = (
        {r.area_code: r for r in results_selectors.child_results(survey_round, "")} if survey_round is not None else {}
    )
    visible = results_selectors.user_area_codes(request.user)
    tiles = []
    area_url = link_maker("poverty:area")
    for province in Area.objects.filter(level=AreaLevel.PROVINCE).order_by("code"):
        r = results.get(province.code)
        allowed = any(province.code.startswith(v) or v.startswith(province.code) for v in visible)
        tiles.append(
            charts.Tile(
                code=province.code,
                label=province.name_th,
                share=share_percent(r.target_poor_households, r.households) if (r and allowed) else None,
                # linked only where the province page opens for this user (a tambon's user sees the share, no link)
                url=area_url(province.code)
                if allowed and results_selectors.area_results_visible(request.user, province.code)
                else "",
            )
        )
    return render(
        request,
        "poverty/map.html",
        {"survey_round": survey_round, "tile_map": charts.tile_map(tiles, provinces=True)},
    )
