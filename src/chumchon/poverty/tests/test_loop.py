"""Closing the loop: assisted deprivations resolved by the next round, beside comparable ones not assisted.

Constructed so the answer is known: in tambon 240104 six households are deprived in income in
2565. H1–H3 get help; in 2566 H1 and H2 are no longer deprived, H3 still is (2 of 3 = 66.7 %). Of
the comparable households not assisted (H4–H6, same tambon, same deprivation) only H4 is resolved
(1 of 3). H7 in another tambon (240105) is resolved but is not comparable at tambon level; it is at
district level. H8 was assisted but left the survey (absent in 2566): counted in neither share.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from chumchon.areas.models import Area
from chumchon.poverty.models import HelpKind
from chumchon.poverty.selectors import loop as loop_selectors
from chumchon.poverty.services import logbook as logbook_services
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
T1, T2 = "240104", "240105"


@pytest.fixture
def rounds(settings: Any, tmp_path: Any) -> tuple[Any, Any]:
    settings.SURVEY_STORE = tmp_path / "store"
    before = logbook_data.survey_round("h6-2565", 2565)
    after = logbook_data.survey_round("h6-2566", 2566, previous=before)
    income = ["income"]
    logbook_data.load_round(
        before,
        [
            ("H1", T1, income, True),
            ("H2", T1, income, True),
            ("H3", T1, income, True),
            ("H4", T1, income, True),
            ("H5", T1, income, True),
            ("H6", T1, income, True),
            ("H7", T2, income, True),
            ("H8", T1, income, True),
            ("H9", T1, ["health"], True),
        ],
    )
    logbook_data.load_round(
        after,
        [
            ("H1", T1, [], True),
            ("H2", T1, [], True),
            ("H3", T1, income, True),
            ("H4", T1, [], True),
            ("H5", T1, income, True),
            ("H6", T1, income, True),
            ("H7", T2, [], True),
            ("H9", T1, [], True),
        ],
    )
    return before, after


def _assist(user: Any, round_: Any, hid: str, agency: str, kind: str = HelpKind.IN_KIND) -> Any:
    case = logbook_services.case_open(
        actor=user, survey_round=round_, area=Area.objects.get(code=T1), dimension="income", household_id=hid
    )
    logbook_services.assistance_add(
        case=case,
        actor=user,
        description="ฝึกอาชีพ",
        help_kind=kind,
        amount=Decimal("500") if kind == HelpKind.CASH else Decimal(0),
        agency_name=agency,
        given_on=dt.date(2023, 3, 1),
    )
    return case


def test_assisted_share_beside_comparable_share(rounds: tuple[Any, Any], make_user: Any) -> None:
    before, after = rounds
    user = make_user("cdd_district_officer", area="2401")
    c1 = _assist(user, before, "H1", "อบต.คลองนา")
    c2 = _assist(user, before, "H2", "พมจ.", HelpKind.CASH)
    c3 = _assist(user, before, "H3", "อบต.คลองนา")
    c8 = _assist(user, before, "H8", "อบต.คลองนา")
    # An open case without help yet: H5 is neither assisted nor a fair comparison.
    logbook_services.case_open(
        actor=user, survey_round=before, area=Area.objects.get(code=T1), dimension="income", household_id="H5"
    )

    report = loop_selectors.loop_closure(prev_round=before, next_round=after, prefix="24")
    o = report.overall
    assert (o.assisted, o.assisted_resolved, o.assisted_absent) == (3, 2, 1)
    assert (o.comparable, o.comparable_resolved) == (2, 1)  # H4 resolved, H6 persisting (H5 touched)
    assert round(o.assisted_share or 0, 1) == 66.7 and o.comparable_share == 50.0
    assert report.case_outcomes == {c1.pk: "resolved", c2.pk: "resolved", c3.pk: "persisting", c8.pk: "absent_after"}

    by_agency = {r.label: r for r in report.by_agency}
    assert (by_agency["อบต.คลองนา"].assisted, by_agency["อบต.คลองนา"].assisted_resolved) == (2, 1)
    assert (by_agency["พมจ."].assisted, by_agency["พมจ."].assisted_resolved) == (1, 1)
    assert by_agency["พมจ."].comparable == 2  # same pool: tambon 240104, income
    by_kind = {r.key: r for r in report.by_help_kind}
    assert by_kind[HelpKind.CASH].assisted_resolved == 1 and by_kind[HelpKind.IN_KIND].assisted == 2
    assert [r.key for r in report.by_area] == [T1]

    district = loop_selectors.loop_closure(prev_round=before, next_round=after, prefix="24", match="district")
    assert (district.overall.comparable, district.overall.comparable_resolved) == (3, 2)  # + H7 of 240105


def test_nothing_assisted_gives_empty_report(rounds: tuple[Any, Any]) -> None:
    before, after = rounds
    report = loop_selectors.loop_closure(prev_round=before, next_round=after, prefix="2401")
    assert report.overall.assisted == 0 and report.overall.assisted_share is None and report.by_agency == []
