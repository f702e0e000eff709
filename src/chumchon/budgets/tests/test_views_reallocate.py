"""The reallocation form (programme page → funds_reallocate), through the HTTP client."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from chumchon.budgets.models import FundBalance, LedgerEntry
from chumchon.budgets.tests.conftest import Money, allocate_directly

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post(c: Client, money: Money, amount: str, **over: Any) -> Any:
    data = {
        "from_province": "24",
        "to_province": "20",
        "amount": amount,
        "body": money.regional.pk,
        "meeting_date": "01/03/2565",
        "number": "2/2565",
        "text": "เห็นชอบให้โอนงบประมาณที่ยังไม่ผูกพันจากฉะเชิงเทราไปชลบุรี",
        **over,
    }
    return c.post(f"/budgets/programmes/{money.programme.pk}/reallocate/", data)


def _balances(money: Money) -> dict[str, Decimal]:
    return dict(FundBalance.objects.filter(programme=money.programme).values_list("province_code", "allocated"))


def test_form_on_programme_page_moves_money(money: Money) -> None:
    allocate_directly(money.programme, "24", Decimal("300000"))
    c = client_for(money.adopter)
    page = c.get(f"/budgets/programmes/{money.programme.pk}/").content.decode()
    assert 'id="reallocate-form"' in page
    response = _post(c, money, "120000")
    assert response.status_code == 302
    assert _balances(money) == {"24": Decimal("180000.00"), "20": Decimal("120000.00")}
    entries = LedgerEntry.objects.filter(kind="reallocate").order_by("amount")
    assert [e.amount for e in entries] == [Decimal("-120000.00"), Decimal("120000.00")]
    assert {e.resolution.number for e in entries} == {"2/2565"}
    assert c.get(response["Location"]).status_code == 200


def test_refusal_shows_thai_and_english_and_writes_nothing(money: Money) -> None:
    allocate_directly(money.programme, "24", Decimal("50000"))
    c = client_for(money.adopter)
    before = (_balances(money), LedgerEntry.objects.count())
    response = _post(c, money, "80000")  # more than the 50,000 uncommitted
    body = response.content.decode()
    assert response.status_code == 200
    assert "งบประมาณคงเหลือของจังหวัดต้นทางไม่พอ" in body and "Insufficient uncommitted funds" in body
    same = _post(c, money, "1000", to_province="24")
    assert "จังหวัดต้นทางและปลายทางต้องต่างกัน" in same.content.decode()
    assert "The provinces must differ" in same.content.decode()
    assert (_balances(money), LedgerEntry.objects.count()) == before
    from chumchon.meetings.models import Resolution

    assert not Resolution.objects.filter(number="2/2565").exists()  # rolled back with the refusal


def test_users_without_allocation_adopt_get_no_form_and_403(money: Money) -> None:
    allocate_directly(money.programme, "24", Decimal("50000"))
    c = client_for(money.staff)  # CODI staff edit scenarios but do not adopt
    page = c.get(f"/budgets/programmes/{money.programme.pk}/").content.decode()
    assert 'id="reallocate-form"' not in page
    assert _post(c, money, "1000").status_code == 403
    assert _balances(money) == {"24": Decimal("50000.00")}
