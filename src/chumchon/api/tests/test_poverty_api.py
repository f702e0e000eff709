"""/api/poverty: rounds and per-area figures read from the materialised results, within scope."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from django.test import Client

from chumchon.accounts.models import Role
from chumchon.poverty.models import AreaPovertyResult
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
HOUSEHOLDS = [
    ("a1", "240104", ["health", "income"], True),
    ("a2", "240104", ["living"], False),
    ("a3", "240104", [], True),
    ("b1", "240105", ["education", "access", "health"], True),
    ("c1", "100101", ["income"], True),
]


@pytest.fixture
def survey_round(settings: Any, tmp_path: Any) -> Any:
    settings.SURVEY_STORE = tmp_path / "store"
    return logbook_data.load_round(logbook_data.survey_round("api-2566", 2566), HOUSEHOLDS)


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_area_figures_are_the_stored_results_with_exact_ratios(survey_round: Any, make_user: Any) -> None:
    c = _client(make_user(Role.CDD_PROVINCIAL_OFFICER, area="24"))
    assert [r["code"] for r in c.get("/api/poverty/rounds").json()] == ["api-2566"]
    r = c.get("/api/poverty/rounds/api-2566/areas/240104")
    assert r.status_code == 200, r.content
    body = r.json()
    stored = AreaPovertyResult.objects.get(survey_round=survey_round, level="subdistrict", area_code="240104")
    assert (body["households"], body["target_poor_households"]) == (3, 1)  # a1: deprived and verified
    assert body["households"] == stored.households and body["deprived_by_dimension"] == stored.deprived_by_dimension
    assert Fraction(body["af_h"]) == stored.h and Fraction(body["af_m0"]) == stored.m0
    assert body["af_k"] == "1/3"
    shares = [Fraction(v) for v in body["contribution_by_dimension"].values()]
    assert stored.af_score_sum == 0 or sum(shares) == 1
    children = c.get("/api/poverty/rounds/api-2566/areas/2401/children").json()
    assert [ch["area_code"] for ch in children] == ["240104", "240105"]
    assert (
        sum(ch["households"] for ch in children)
        == c.get("/api/poverty/rounds/api-2566/areas/2401").json()["households"]
    )
    villages = c.get("/api/poverty/rounds/api-2566/areas/240104/children").json()
    assert [v["level"] for v in villages] == ["village"] and villages[0]["households"] == 3


def test_out_of_scope_and_unknown_answer_404(survey_round: Any, make_user: Any) -> None:
    officer = _client(make_user(Role.CDD_PROVINCIAL_OFFICER, area="24"))
    for url in (
        "/api/poverty/rounds/api-2566/areas/100101",  # Bangkok: outside the officer's province
        "/api/poverty/rounds/api-2566/areas/10",
        "/api/poverty/rounds/api-2566/nation",  # national figures need national scope
        "/api/poverty/rounds/api-2566/areas/99999999",
        "/api/poverty/rounds/no-such-round/areas/240104",
        "/api/poverty/rounds/api-2566/areas/%00",
    ):
        r = officer.get(url)
        assert r.status_code == 404, url
        assert r.json() == {"detail": "ไม่พบข้อมูล / Not found"}
    assert [p["area_code"] for p in officer.get("/api/poverty/rounds/api-2566/provinces").json()] == ["24"]
    nobody = _client(make_user(None, area="24"))  # signed in, but no role that sees targets or the Logbook
    assert nobody.get("/api/poverty/rounds/api-2566/areas/240104").status_code == 404
    assert nobody.get("/api/poverty/rounds/api-2566/provinces").json() == []
    assert Client().get("/api/poverty/rounds").status_code == 401


def test_national_scope_sees_the_nation_and_every_province(survey_round: Any, make_user: Any) -> None:
    c = _client(make_user(Role.NATIONAL_ADMIN, nation=True))
    nation = c.get("/api/poverty/rounds/api-2566/nation").json()
    provinces = c.get("/api/poverty/rounds/api-2566/provinces").json()
    assert nation["level"] == "nation" and nation["households"] == len(HOUSEHOLDS)
    assert sorted(p["area_code"] for p in provinces) == ["10", "24"]
    assert sum(p["households"] for p in provinces) == nation["households"]
    assert sum(p["target_poor_households"] for p in provinces) == nation["target_poor_households"] == 3
