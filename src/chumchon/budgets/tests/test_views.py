"""Budget pages: scoped reads, the scenario and adopt forms, compare, dashboards, Excel export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.budgets import services
from chumchon.budgets.models import Allocation, FundBalance
from chumchon.budgets.tests.conftest import Money

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def adopted(money: Money) -> Allocation:
    allocation = services.allocation_create(
        actor=money.staff,
        programme=money.programme,
        name="fair",
        scope_kind="region",
        scope_code="R5",
        total=Decimal("24615000"),
        params={"base": "0.5", "weights": {"tambons": "0.5"}},
    )
    services.allocation_adopt(
        actor=money.adopter, allocation=allocation, resolution=money.resolution(money.regional, actor=money.adopter)
    )
    return allocation


def test_index_and_dashboard_show_scoped_figures(money: Money, adopted: Allocation, make_user: Any) -> None:
    c = client_for(money.staff)
    page = c.get("/budgets/?fy=2565").content.decode()
    assert "เศรษฐกิจชุมชน" in page and "24,615,000.00" in page
    dash = c.get("/budgets/dashboard/?fy=2565&by=cluster").content.decode()
    assert "24,615,000.00" in dash
    # A tambon secretary of Chachoengsao sees only province 24's share.
    local = client_for(money.proposer)
    share = FundBalance.objects.get(programme=money.programme, province_code="24").allocated
    dash_local = local.get("/budgets/dashboard/?fy=2565").content.decode()
    assert f"{share:,.2f}" in dash_local and "24,615,000.00" not in dash_local
    nobody = client_for(make_user())
    assert nobody.get("/budgets/").status_code == 404


def test_allocation_page_shows_terms_and_refuses_out_of_scope(
    money: Money, adopted: Allocation, make_user: Any
) -> None:
    page = client_for(money.staff).get(f"/budgets/allocations/{adopted.pk}/").content.decode()
    assert "ถูกล็อก" in page or "locked" in page
    assert "1/2565" in page
    north = client_for(make_user("codi_regional_staff", region="R1"))
    assert north.get(f"/budgets/allocations/{adopted.pk}/").status_code == 404


def test_scenario_form_then_adopt_form(money: Money) -> None:
    staff = client_for(money.staff)
    response = staff.post(
        f"/budgets/programmes/{money.programme.pk}/",
        {
            "name": "ร่าง 1",
            "scope_kind": "region",
            "scope_code": "R5",
            "total": "1000000",
            "base": "0.5",
            "population": "0.5",
            "tambons": "0",
            "poor": "0",
            "intensity": "0",
            "absorption": "0",
            "floor": "10000",
        },
    )
    assert response.status_code == 302
    allocation = Allocation.objects.get(name="ร่าง 1")
    assert sum(line.amount for line in allocation.lines.filter(level="province")) == Decimal("1000000")
    adopter = client_for(money.adopter)
    form_page = adopter.get(f"/budgets/allocations/{allocation.pk}/").content.decode()
    assert 'id="adopt-form"' in form_page
    response = adopter.post(
        f"/budgets/allocations/{allocation.pk}/",
        {"body": money.regional.pk, "meeting_date": "20/10/2564", "number": "1/2565", "text": "เห็นชอบ"},
    )
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.is_locked
    assert sum(b.allocated for b in FundBalance.objects.filter(programme=money.programme)) == Decimal("1000000")


def test_compare_and_excel_export_are_audited(money: Money, adopted: Allocation) -> None:
    services.allocation_create(
        actor=money.staff,
        programme=money.programme,
        name="equal",
        scope_kind="region",
        scope_code="R5",
        total=Decimal("24615000"),
        params={"base": "1"},
    )
    c = client_for(money.staff)
    page = c.get(f"/budgets/programmes/{money.programme.pk}/compare/").content.decode()
    assert "equal" in page and "fair" in page
    response = c.get("/budgets/dashboard/?fy=2565&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, model_label="budgets.fundbalance").exists()


def test_every_budget_export_has_thai_and_english_headers(money: Money, adopted: Allocation) -> None:
    """Issue 9: the budgets and dashboard exports were headed in English only (and raw keys)."""
    import io

    from openpyxl import load_workbook

    c = client_for(money.staff)
    urls = [
        "/budgets/?fy=2565&format=xlsx",
        "/budgets/dashboard/?fy=2565&format=xlsx",
        f"/budgets/programmes/{money.programme.pk}/?format=xlsx",
        f"/budgets/programmes/{money.programme.pk}/compare/?format=xlsx",
        f"/budgets/allocations/{adopted.pk}/?format=xlsx",
    ]
    for url in urls:
        response = c.get(url)
        assert response.status_code == 200, url
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active  # type: ignore[attr-defined]
        headers = [str(h) for h in next(sheet.iter_rows(values_only=True)) if h is not None]
        for header in headers[:2]:
            assert " / " in header and any("\u0e00" <= ch <= "\u0e7f" for ch in header), (url, header)
        assert all("_" not in h for h in headers), (url, headers)


def test_budgets_page_and_export_show_reported_spending_and_the_dashboard_says_what_it_counts(
    money: Money, adopted: Allocation, monkeypatch: Any
) -> None:
    """Issue 9: "Reported spending" on /budgets/ and its export was always 0.00 (the dashboard had it);
    the dashboard's project count (funded projects only) did not say what it counted."""
    import io

    from openpyxl import load_workbook

    from chumchon.budgets import selectors

    monkeypatch.setattr(
        selectors, "SPENDING_PROVIDERS", [lambda ids, provinces: {(money.programme.pk, "24"): Decimal("1234.50")}]
    )
    c = client_for(money.staff)
    page = c.get("/budgets/?fy=2565").content.decode()
    assert "1,234.50" in page
    export = c.get("/budgets/?fy=2565&format=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active  # type: ignore[attr-defined]
    rows = list(sheet.iter_rows(values_only=True))
    spent_col = next(i for i, h in enumerate(rows[0]) if h and "Reported spent" in str(h))
    assert any(r[spent_col] and Decimal(str(r[spent_col])) == Decimal("1234.50") for r in rows[1:])
    dashboard = c.get("/budgets/dashboard/?fy=2565").content.decode()
    assert "โครงการที่อนุมัติ" in dashboard and "ฉบับร่าง" in dashboard  # approved (funded) only, and says so


def test_allocation_formula_terms_are_named_in_the_page_language(money: Money, adopted: Allocation) -> None:
    """Issue 9: the formula read `population 0.3 · poor 0.2` (the parameters' keys)."""
    from chumchon.core.tests.crawl import raw_codes, visible_text

    allocation = services.allocation_create(
        actor=money.staff,
        programme=money.programme,
        name="weighted",
        scope_kind="region",
        scope_code="R5",
        total=Decimal("1000000"),
        params={"base": "0.5", "weights": {"population": "0.3", "poor": "0.2"}},
    )
    html = client_for(money.staff).get(f"/budgets/allocations/{allocation.pk}/").content.decode()
    formula = visible_text("<p " + html[html.index('id="formula"') :].split("</p>")[0])
    assert "population" not in formula and "poor" not in formula, formula
    assert "จำนวนครัวเรือน" in formula and "ครัวเรือนยากจนเป้าหมาย" in formula
    assert not raw_codes(formula, set())


def test_the_adopt_form_is_offered_only_where_the_approval_authority_allows(money: Money, make_user: Any) -> None:
    """A cluster working-group member holds "adopt allocations" but not over a region's allocation:
    the form is not offered there and a forced submission is refused; over its own cluster's
    allocation it is offered with its own committee, and the submission succeeds."""
    from chumchon.meetings.authority import may_decide
    from chumchon.organizations.models import Body

    region = services.allocation_create(
        actor=money.staff,
        programme=money.programme,
        name="R5",
        scope_kind="region",
        scope_code="R5",
        total=Decimal("1000000"),
    )
    cluster = services.allocation_create(
        actor=money.staff,
        programme=money.programme,
        name="C08",
        scope_kind="cluster",
        scope_code="C08",
        total=Decimal("500000"),
    )
    member = money.approver  # cluster working group C08
    assert not may_decide(member, services.adopt_subject(region), region)
    c = client_for(member)
    page = c.get(f"/budgets/allocations/{region.pk}/")
    assert page.status_code in (200, 404) and 'id="adopt-form"' not in page.content.decode()
    forced = c.post(
        f"/budgets/allocations/{region.pk}/",
        {"body": money.cluster_wg.pk, "meeting_date": "20/10/2564", "number": "1/2565", "text": "เห็นชอบ"},
    )
    region.refresh_from_db()
    assert forced.status_code != 302 and not region.is_locked
    # Its own cluster's allocation while its committee is inactive: no body could adopt by its
    # resolution, so no form (it used to be offered with an empty choice of bodies, then refused).
    Body.objects.filter(pk=money.cluster_wg.pk).update(is_active=False)
    assert 'id="adopt-form"' not in c.get(f"/budgets/allocations/{cluster.pk}/").content.decode()
    Body.objects.filter(pk=money.cluster_wg.pk).update(is_active=True)
    # Active again: offered (with the cluster working group only) and it works.
    assert may_decide(member, services.adopt_subject(cluster), cluster)
    page = c.get(f"/budgets/allocations/{cluster.pk}/").content.decode()
    assert 'id="adopt-form"' in page
    assert f'value="{money.cluster_wg.pk}"' in page and f'value="{money.regional.pk}"' not in page
    response = c.post(
        f"/budgets/allocations/{cluster.pk}/",
        {"body": money.cluster_wg.pk, "meeting_date": "20/10/2564", "number": "2/2565", "text": "เห็นชอบ"},
    )
    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.is_locked
    # Staff (no adopt power) never see the form.
    staff_page = client_for(money.staff).get(f"/budgets/allocations/{cluster.pk}/").content.decode()
    assert 'id="adopt-form"' not in staff_page
