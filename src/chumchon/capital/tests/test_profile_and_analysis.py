"""The profile reads people from the survey (a new round → new figures) and bodies from the registry;
the analysis flags a gap by the documented rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from chumchon.areas.models import Area
from chumchon.capital import analysis, selectors, services
from chumchon.capital.analysis import GAP_PERCENT, Standing, standing
from chumchon.capital.area_summary import capital_area_summary
from chumchon.capital.models import BODY_KIND_DIMENSIONS, KIND_DIMENSIONS, CapitalKind, SourceKind
from chumchon.capital.tests.conftest import DATE, OTHER_TAMBON, TAMBON, load
from chumchon.organizations.models import Body, BodyKind
from chumchon.poverty.models import DimensionCode, SurveyRound

pytestmark = pytest.mark.django_db


def _record(actor: Any, area: Area, kind: str, name: str) -> None:
    services.capital_entry_create(
        actor=actor,
        area=area,
        kind=kind,
        name=name,
        source_kind=SourceKind.FORUM,
        source_name="ประชาคม 1/2567",
        as_of=DATE,
    )


def test_people_follow_the_latest_round_and_are_not_typed(make_user: Any, round_2565: SurveyRound) -> None:
    secretary = make_user("tambon_council_secretary", area=TAMBON)
    tambon = Area.objects.get(code=TAMBON)
    people = selectors.profile(tambon, secretary).people
    assert people is not None
    assert (people.survey_round, people.result.households, people.result.target_poor_households) == (round_2565, 3, 1)
    assert people.result.persons == people.result.elderly + people.result.children_0_5 + people.working_age_and_youth

    # A new round arrives: the profile shows its figures, with nothing edited here.
    newer = load(
        "cap-2566",
        2566,
        [(f"N{i}", TAMBON, ["income"] if i < 2 else [], True) for i in range(5)] + [("N9", OTHER_TAMBON, [], True)],
        previous=round_2565,
    )
    people = selectors.profile(tambon, secretary).people
    assert people is not None
    assert (people.survey_round, people.result.households, people.result.target_poor_households) == (newer, 5, 2)


def test_people_are_hidden_from_those_who_may_not_see_poverty_figures(make_user: Any, round_2565: SurveyRound) -> None:
    welfare = make_user("welfare_fund_committee", area=TAMBON)  # reads areas and bodies, not target lists
    prof = selectors.profile(Area.objects.get(code=TAMBON), welfare)
    assert prof.people is None and prof.people_hidden
    assert all(row.standing == Standing.NO_FIGURES for row in analysis.analyse(prof).rows)


def test_bodies_come_from_the_registry_counted_by_kind(make_user: Any, villages: list[Area]) -> None:
    tambon = Area.objects.get(code=TAMBON)
    Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th="กองทุนสวัสดิการชุมชนตำบลคลองนา", area=tambon, member_count=420)
    Body.objects.create(
        kind=BodyKind.COMMUNITY_ORGANISATION, name_th="องค์กรชุมชนบ้านทดสอบ 1", area=villages[0], member_count=30
    )
    Body.objects.create(
        kind=BodyKind.COMMUNITY_ORGANISATION, name_th="องค์กรชุมชนบ้านทดสอบ 2", area=villages[1], member_count=25
    )
    Body.objects.create(kind=BodyKind.COMMUNITY_ORGANISATION, name_th="เลิกแล้ว", area=villages[1], is_active=False)
    Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th="กองทุนตำบลอื่น", area=Area.objects.get(code=OTHER_TAMBON))
    viewer = make_user("tambon_council_member", area=TAMBON)
    prof = selectors.profile(tambon, viewer)
    assert [(g.kind, g.count, g.members) for g in prof.body_groups] == [(BodyKind.COMMUNITY_ORGANISATION, 2, 55)]
    assert prof.welfare_funds is not None and prof.welfare_funds.count == 1
    # A village's profile counts its own bodies and its tambon's welfare fund.
    village = selectors.profile(selectors.profile_area_get(villages[0].code), viewer)  # type: ignore[arg-type]
    assert [(g.kind, g.count) for g in village.body_groups] == [(BodyKind.COMMUNITY_ORGANISATION, 1)]
    assert village.welfare_funds is not None and village.welfare_funds.count == 1


def test_the_gap_rule() -> None:
    assert standing(None, 0) == Standing.NO_FIGURES
    assert standing(GAP_PERCENT - 0.1, 0) == Standing.LOWER_NEED
    assert standing(GAP_PERCENT, 0) == Standing.GAP
    assert standing(67.0, 1) == Standing.BUILD_ON
    # Every kind is mapped (perhaps to nothing), and only to the five dimensions.
    assert set(KIND_DIMENSIONS) == set(CapitalKind.values)
    dims = set(DimensionCode.values)
    assert all(set(d) <= dims for d in [*KIND_DIMENSIONS.values(), *BODY_KIND_DIMENSIONS.values()])


def _headline_from_profile(area: Area, user: Any) -> list[tuple[str, str, str | None]]:
    """The area page's capital rows as the whole profile and its analysis give them (what
    ``capital_area_summary`` showed before it read only the kinds)."""
    prof = selectors.profile(area, user)
    rows = [(_("Community capital: recorded items"), f"{prof.entry_count:,}", f"/capital/{area.code}/")]
    if prof.people is not None:
        gaps = analysis.analyse(prof, figures_wanted=False).gaps
        value = ", ".join(r.label for r in gaps) if gaps else _("none")
        rows.append((_("Capital gaps"), value, f"/capital/{area.code}/analysis/"))
    return rows


def test_analysis_sets_capital_against_deprivation(
    make_user: Any, round_2565: SurveyRound, villages: list[Area]
) -> None:
    secretary = make_user("tambon_council_secretary", area=TAMBON)
    tambon = Area.objects.get(code=TAMBON)
    seen_headlines = set()

    def rows() -> dict[str, analysis.DimensionRow]:
        prof = selectors.profile(tambon, secretary)
        full = analysis.analyse(prof).rows
        assert analysis.analyse(prof, figures_wanted=False).rows == full  # the area page's gaps, the same rule
        for area in (tambon, *villages):  # the area page's headline (kinds only) = the profile's, in both languages
            for language in ("th", "en"):
                with translation.override(language):
                    headline = capital_area_summary(area, secretary)
                    assert headline == _headline_from_profile(area, secretary), (area.code, language)
                    seen_headlines.add(headline[-1][1])
        return {r.dimension: r for r in full}

    before = rows()
    assert round(before["income"].percent or 0) == 67 and before["income"].deprived == 2
    assert before["income"].standing == Standing.GAP
    assert before["health"].standing == Standing.GAP  # 33 %, nothing for health yet
    assert before["education"].standing == Standing.LOWER_NEED  # 0 % in this tambon

    _record(secretary, villages[0], CapitalKind.GROUP_OCCUPATIONAL, "กลุ่มทำขนม")
    _record(secretary, villages[1], CapitalKind.GROUP_OCCUPATIONAL, "กลุ่มเลี้ยงปลา")
    _record(secretary, tambon, CapitalKind.ECONOMIC_PRODUCT, "ปลาสลิดแดดเดียว")
    _record(secretary, tambon, CapitalKind.KNOWLEDGE_CULTURE, "ลิเกพื้นบ้าน")  # education: no need here
    Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th="กองทุนสวัสดิการชุมชนตำบลคลองนา", area=tambon)
    after = rows()
    assert after["income"].standing == Standing.BUILD_ON
    assert after["income"].capital_count == 3 and [n for _, n in after["income"].capital] == [2, 1]
    assert after["health"].standing == Standing.BUILD_ON and after["health"].bodies  # the welfare fund
    assert after["education"].standing == Standing.LOWER_NEED and after["education"].capital_count == 1
    assert analysis.analyse(selectors.profile(tambon, secretary)).gaps == []

    # Retired capital no longer counts: the gap comes back.
    product = tambon.capital_entries.get(name="ปลาสลิดแดดเดียว")
    services.capital_entry_retire(entry=product, actor=secretary, reason="เลิกผลิต")
    for entry in selectors.entries_of(tambon).filter(kind=CapitalKind.GROUP_OCCUPATIONAL):
        services.capital_entry_retire(entry=entry, actor=secretary, reason="กลุ่มยุบ")
    assert rows()["income"].standing == Standing.GAP
    # Two gaps, one and none were all compared (and the villages' counts, which have no survey figures here).
    assert {"Health, Income", "Income", "none", "0", "1"} <= seen_headlines, seen_headlines


def test_area_page_reads_the_round_and_result_once_per_request(make_user: Any, round_2565: SurveyRound) -> None:
    """The poverty and capital headlines of an area page share one reading of the newest round and the
    area's result (``poverty.area_summary.latest_area_result``); a new request sees a new round."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chumchon.areas.selectors import area_summary
    from chumchon.core import request_memo
    from chumchon.poverty.area_summary import latest_area_result, poverty_area_summary

    secretary = make_user("tambon_council_secretary", area=TAMBON)
    tambon = Area.objects.get(code=TAMBON)
    with request_memo.active():
        first = latest_area_result(TAMBON)
        with CaptureQueriesContext(connection) as reads:
            assert latest_area_result(TAMBON) == first
            people = selectors.profile(tambon, secretary).people
            poverty_rows = poverty_area_summary(tambon, secretary)
        assert people is not None and people.survey_round == first[0] == round_2565
        assert not [q for q in reads.captured_queries if "poverty_" in q["sql"]]  # neither read again
        assert poverty_rows and poverty_rows[1][1] == f"{first[1].target_poor_households:,}"  # type: ignore[union-attr]
        full = area_summary(tambon, secretary)
    newer = load("cap-2566", 2566, [(f"N{i}", TAMBON, ["income"], True) for i in range(4)], previous=round_2565)
    with request_memo.active():  # the next request
        survey_round, result = latest_area_result(TAMBON)
        assert survey_round == newer and result is not None and result.households == 4
        assert selectors.profile(tambon, secretary).people.survey_round == newer  # type: ignore[union-attr]
        assert area_summary(tambon, secretary).extra != full.extra
