"""Statements per request of the poverty pages (issue 16 item 4: on PostgreSQL each round trip counts),
and the readings that replaced separate statements give what the separate statements gave."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chumchon.areas.models import Area
from chumchon.core.dopa import prefix_range_q
from chumchon.poverty.models import AssistanceRecord, Case, CaseStatus, RoundStatus, SurveyRound
from chumchon.poverty.selectors import logbook as logbook_selectors
from chumchon.poverty.selectors import results as results_selectors
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
T1, T2 = "240104", "240105"


@pytest.fixture
def round_(settings: Any, tmp_path: Any) -> SurveyRound:
    settings.SURVEY_STORE = tmp_path / "store"
    settings.MEDIA_ROOT = tmp_path / "media"
    r = logbook_data.survey_round("h6-2565", 2565)
    return logbook_data.load_round(
        r, [("H1", T1, ["income"], True), ("H2", T1, ["health"], True), ("H3", T2, ["income"], True)]
    )


@pytest.fixture
def cases(round_: SurveyRound, make_user: Any) -> list[Case]:
    """Cases in two tambons, several statuses and dimensions, help of several kinds and amounts."""
    officer = make_user("cdd_district_officer", area="2401")
    made = []
    for n, (code, household, dimension, status) in enumerate(
        [
            (T1, "H1", "income", CaseStatus.TARGET),
            (T1, "H2", "health", CaseStatus.IN_PROGRESS),
            (T1, "H1", "health", CaseStatus.HELPED),
            (T2, "H3", "income", CaseStatus.IN_PROGRESS),
        ]
    ):
        case = Case.objects.create(
            survey_round=round_,
            area=Area.objects.get(code=code),
            household_id=household,
            dimension=dimension,
            status=status,
            opened_by=officer,
        )
        made.append(case)
        for kind, amount in [("in_kind", "750.25"), ("money", "1000"), ("service", "0")][: n + 1]:
            AssistanceRecord.objects.create(
                case=case,
                description="ช่วยเหลือ",
                help_kind=kind,
                amount=Decimal(amount),
                agency_name="พช.",
                given_on=dt.date(2023, 2, 1),
                recorded_by=officer,
            )
    return made


def _statements(client: Any, path: str) -> int:
    client.get(path)  # the first request fills per-process caches (menu links, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_statements_per_poverty_page(client: Any, cases: list[Case], make_user: Any) -> None:
    """Session, user with grants, the area with its ancestors, then the page's own reads; the menu's
    jobs check (one ``EXISTS`` for who may see jobs). Province and district: the ready rounds (the
    round and its picker in one), the area's result, field additions, indicators, the children with
    their names, the Logbook headline (one statement) = 10. The tambon page reads its villages' names
    apart (they come from the round's file). The Logbook: cases by dimension × status (the status totals
    from it), help by kind (its totals from it): 11 with the page's list and its count."""
    client.force_login(make_user("cdd_provincial_officer", area="24"))
    counts = {
        "province": _statements(client, reverse("poverty:area", args=["24"])),
        "district": _statements(client, reverse("poverty:area", args=["2401"])),
        "tambon": _statements(client, reverse("poverty:area", args=[T1])),
        "tambon, older round named": _statements(client, reverse("poverty:area", args=[T1]) + "?round=h6-2565"),
        "logbook": _statements(client, reverse("poverty:logbook", args=[T1])),
        "index": _statements(client, reverse("poverty:index")),
    }
    assert counts == {
        "province": 10,
        "district": 10,
        "tambon": 10,
        "tambon, older round named": 10,
        "logbook": 11,
        "index": 7,
    }


def _old_headline(prefixes: tuple[str, ...]) -> tuple[dict[str, int], int, Decimal]:
    by_status = dict.fromkeys(CaseStatus.values, 0)
    for row in Case.objects.filter(prefix_range_q(prefixes, "area__code")).values("status").annotate(n=Count("id")):
        by_status[row["status"]] = row["n"]
    totals = AssistanceRecord.objects.filter(prefix_range_q(prefixes, "case__area__code")).aggregate(
        n=Count("id"), amount=Sum("amount")
    )
    return by_status, totals["n"] or 0, totals["amount"] or Decimal(0)


@pytest.mark.parametrize("prefixes", [("24",), (T1,), (T2,), ("2401", "25"), ("",), ("10",), ("99999999",)])
def test_logbook_headline_is_one_statement_with_the_same_figures(cases: list[Case], prefixes: tuple[str, ...]) -> None:
    old = _old_headline(prefixes)
    with CaptureQueriesContext(connection) as queries:
        headline = logbook_selectors.logbook_headline(prefixes=prefixes)
    assert len(queries) == 1
    assert (headline.by_status, headline.assistance_count, headline.assistance_amount) == old
    assert str(headline.assistance_amount) == str(old[2])  # the same Decimal, places included
    summary = logbook_selectors.logbook_summary(prefixes=prefixes)
    assert (summary.by_status, summary.assistance_count, summary.assistance_amount) == old
    assert str(summary.assistance_amount) == str(old[2])
    if any(old[0].values()):
        assert headline.cases == summary.cases and headline.closed == summary.closed


def test_logbook_summary_of_one_round_keeps_its_totals(cases: list[Case], round_: SurveyRound) -> None:
    summary = logbook_selectors.logbook_summary(prefixes=["24"], survey_round=round_, child_length=6)
    assert summary.by_status == _old_headline(("24",))[0]
    assert (summary.assistance_count, summary.assistance_amount) == (9, Decimal("6001.00"))
    assert sum(d["total"] for d in summary.by_dimension) == summary.cases == 4
    assert [(r["code"], r["cases"]) for r in summary.by_child_area] == [(T1, 3), (T2, 1)]


def test_round_and_its_picker_from_one_read(round_: SurveyRound) -> None:
    iset = round_.indicator_set
    same_year = SurveyRound.objects.create(
        code="a-2565", name="ก", year_be=2565, indicator_set=iset, status=RoundStatus.READY, result_spec={"k": "1/3"}
    )
    SurveyRound.objects.create(code="old-2560", name="เก่า", year_be=2560, indicator_set=iset, status=RoundStatus.READY)
    draft = SurveyRound.objects.create(code="draft-2570", name="ร่าง", year_be=2570, indicator_set=iset)
    for code in (None, "", round_.code, same_year.code, "old-2560", draft.code, "no-such-round"):
        with CaptureQueriesContext(connection) as queries:
            chosen, choices = results_selectors.round_and_choices(code)
        expected = results_selectors.round_get(code)
        assert chosen == expected, code
        assert [(r.pk, r.code, r.name) for r in choices] == [
            (r.pk, r.code, r.name) for r in results_selectors.round_choices()
        ]
        # what the page reads of the round comes with it
        if chosen is not None:
            assert expected is not None
            assert chosen.result_spec == expected.result_spec
            assert chosen.indicator_set_id == expected.indicator_set_id
            assert chosen.previous_id == expected.previous_id
        assert len(queries) == (1 if code in (None, "", round_.code, same_year.code, "old-2560") else 2), code
    # the newest year, then the highest id: the later of the two 2565 rounds
    assert results_selectors.round_and_choices(None)[0] == same_year == results_selectors.latest_round()


def test_children_named_in_the_same_statement(round_: SurveyRound) -> None:
    for code in ("24", "2401", T1, ""):
        old = results_selectors.child_results(round_, code, only=results_selectors.CHILD_TABLE_FIELDS)
        old_names = dict(Area.objects.filter(code__in=[c.area_code for c in old]).values_list("code", "name_th"))
        with CaptureQueriesContext(connection) as queries:
            children, names = results_selectors.child_results_named(
                round_, code, only=results_selectors.CHILD_TABLE_FIELDS
            )
        assert [(c.area_code, c.households, c.target_poor_households, c.af_m0) for c in children] == [
            (c.area_code, c.households, c.target_poor_households, c.af_m0) for c in old
        ]
        assert names == old_names
        assert names or code == T1  # the test's villages have no area rows
        # stored children and their names: one statement; a tambon's villages come from the round's file
        # (read above), their names in one
        assert len(queries) == 1, code


def test_logbook_page_shows_each_status_and_the_dimension_grid_in_order(
    client: Any, cases: list[Case], make_user: Any
) -> None:
    client.force_login(make_user("cdd_provincial_officer", area="24"))
    html = client.get(reverse("poverty:logbook", args=["2401"])).content.decode()
    summary = logbook_selectors.logbook_summary(prefixes=["2401"], child_length=6)
    stats = re.findall(r'<b id="status-(\w+)">(\d+)</b>', html)
    assert stats == [(code, str(summary.by_status[code])) for code in CaseStatus.values]
    assert ("target", "1") in stats and ("in_progress", "2") in stats and ("helped", "1") in stats
    grid = re.search(r"<tbody>(<tr><td>[^<]*</td>(?:<td class=\"num\">\d+</td>)+</tr>)+</tbody>", html)
    assert grid is not None
    rows = re.findall(r"<tr><td>([^<]*)</td>((?:<td class=\"num\">\d+</td>)+)</tr>", grid.group(0))
    assert [[int(n) for n in re.findall(r"\d+", cells)] for _, cells in rows] == [
        [*(d["statuses"][code] for code in CaseStatus.values), d["total"]] for d in summary.by_dimension
    ]
