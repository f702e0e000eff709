"""The indicators pages: scoped reads, the entry → submit → approve flow through the pages, exports."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from chumchon.accounts.menu import menu_for
from chumchon.accounts.models import RoleAssignment
from chumchon.accounts.worklist import worklist_for
from chumchon.areas.models import Area
from chumchon.audit.models import AuditEvent
from chumchon.indicators import services
from chumchon.indicators.models import Indicator, IndicatorValue
from chumchon.indicators.tests.conftest import PROVINCE, TAMBON, YEAR

pytestmark = pytest.mark.django_db
D = Decimal


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def funds(chain: dict[str, Any]) -> Indicator:
    return services.indicator_create(
        actor=chain["admin"], name_th="กองทุนเข้มแข็ง", name_en="Strong funds", unit="กองทุน", kind="reported"
    )


def test_menu_and_index_for_a_tambon_secretary(chain: dict[str, Any], funds: Indicator) -> None:
    assert "indicators" in [m.key for m in menu_for(chain["secretary"])]
    page = client_for(chain["secretary"]).get("/indicators/")
    assert page.status_code == 200
    assert "กองทุนเข้มแข็ง" in page.content.decode()
    assert "/indicators/report/240104/" in page.content.decode()


def test_reports_outside_scope_are_404(chain: dict[str, Any], funds: Indicator) -> None:
    c = client_for(chain["secretary"])
    assert c.get(f"/indicators/report/{TAMBON}/{YEAR}/").status_code == 200
    assert c.get(f"/indicators/report/240105/{YEAR}/").status_code == 404
    assert c.get(f"/indicators/report/all/{YEAR}/").status_code == 404
    assert c.get(f"/indicators/entry/240105/{YEAR}/").status_code == 404
    assert client_for(chain["cluster"]).get(f"/indicators/report/{chain['cluster_unit']}/{YEAR}/").status_code == 200


def test_enter_submit_approve_through_the_pages(chain: dict[str, Any], funds: Indicator) -> None:
    secretary = client_for(chain["secretary"])
    page = secretary.post(f"/indicators/entry/{TAMBON}/{YEAR}/", {f"v{funds.pk}": "๑๒"})
    assert page.status_code == 302
    assert IndicatorValue.objects.get().value == D(12)
    keys = {i.key: i for i in worklist_for(chain["secretary"])}
    assert keys["indicators.submit"].count == 1
    assert secretary.get(keys["indicators.submit"].url).status_code == 200
    secretary.post(f"/indicators/submit/{TAMBON}/{YEAR}/")
    # Locked while submitted: the page says so and nothing changes.
    page = secretary.post(f"/indicators/entry/{TAMBON}/{YEAR}/", {f"v{funds.pk}": "99"})
    assert page.status_code == 400 and "ส่งรับรองแล้ว" in page.content.decode()
    assert IndicatorValue.objects.get().value == D(12)
    pwg = client_for(chain["pwg"])
    item = {i.key: i for i in worklist_for(chain["pwg"])}["indicators.approve"]
    queue = pwg.get(item.url).content.decode()
    assert f"/indicators/report/{TAMBON}/{YEAR}/" in queue
    report = pwg.get(f"/indicators/report/{TAMBON}/{YEAR}/").content.decode()
    assert 'id="approve-values"' in report
    pwg.post(f"/indicators/approve/{TAMBON}/{YEAR}/")
    assert IndicatorValue.objects.get().frozen
    cluster_report = client_for(chain["cluster"]).get(f"/indicators/report/{PROVINCE}/{YEAR}/").content.decode()
    assert "🔒" in cluster_report and 'id="approve-values"' in cluster_report


def test_every_table_exports_and_the_export_is_audited(chain: dict[str, Any], funds: Indicator) -> None:
    c = client_for(chain["pwg"])
    for which in ("figures", "trend", "children"):
        response = c.get(f"/indicators/report/{PROVINCE}/{YEAR}/?export={which}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert c.get("/indicators/?export=xlsx").status_code == 200
    assert c.get("/indicators/approvals/?export=xlsx").status_code == 200
    assert AuditEvent.objects.filter(action="export").count() == 5


def test_defining_needs_the_national_scope_and_refuses_unknown_measures(chain: dict[str, Any]) -> None:
    assert client_for(chain["staff"]).get("/indicators/new/").status_code == 403
    admin = client_for(chain["admin"])
    page = admin.post(
        "/indicators/new/",
        {
            "name_th": "ทดสอบ",
            "unit": "",
            "level": "subdistrict",
            "kind": "formula",
            "formula": "ghost.measure",
            "aggregation": "sum",
            "target_rule": "split",
            "is_active": "on",
        },
    )
    assert page.status_code == 400 and "ตัวนับที่ไม่มีในระบบ" in page.content.decode()
    assert not Indicator.objects.exists()


def test_a_target_outside_scope_shows_an_error_on_the_form(chain: dict[str, Any], funds: Indicator) -> None:
    page = client_for(chain["staff"]).get(f"/indicators/{funds.pk}/target/")
    assert page.status_code == 200
    assert 'value="50"' not in page.content.decode()  # Chiang Mai is not offered to region 5's staff


def test_no_report_link_is_a_dead_end(chain: dict[str, Any], funds: Indicator, make_user: Any) -> None:
    """Every report link a page shows answers, for region, cluster, province and two-province users."""
    two = make_user("cdd_provincial_officer", area="24")
    RoleAssignment.objects.create(
        user=two, role="cdd_provincial_officer", scope_kind="area", area=Area.objects.get(code="20")
    )
    for user in (chain["staff"], chain["cluster"], chain["pwg"], chain["secretary"], two):
        c = client_for(user)
        seen: set[str] = set()
        todo = ["/indicators/", f"/indicators/{funds.pk}/"]
        while todo and len(seen) < 12:
            url = todo.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = c.get(url)
            assert response.status_code == 200, (user.username, url)
            for link in re.findall(r'href="(/indicators/report/[^"?]+)"', response.content.decode()):
                if link not in seen:
                    todo.append(link)
