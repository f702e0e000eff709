"""The programme indicator form (programme page → programme_indicator_set), through the HTTP client."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from chumchon.accounts.models import Role
from chumchon.audit.models import AuditEvent
from chumchon.budgets.models import ProgrammeIndicator
from chumchon.budgets.tests.conftest import Money

pytestmark = pytest.mark.django_db

FORM = 'id="programme-indicator-form"'
LIST = 'id="programme-indicator-list"'


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _page(c: Client, money: Money, query: str = "") -> str:
    response = c.get(f"/budgets/programmes/{money.programme.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _post(c: Client, money: Money, **over: str) -> Any:
    data = {
        "code": "hh",
        "name_th": "ครัวเรือนที่ได้รับประโยชน์",
        "name_en": "Households benefiting",
        "unit": "ครัวเรือน",
        "target": "1250.5",
        "aggregation": "sum",
        **over,
    }
    return c.post(f"/budgets/programmes/{money.programme.pk}/indicators/", data)


def _rows() -> list[tuple[Any, ...]]:
    return list(
        ProgrammeIndicator.objects.order_by("pk").values_list(
            "programme__code", "code", "name_th", "name_en", "unit", "target", "aggregation"
        )
    )


@pytest.fixture
def admin(make_user: Any) -> Any:
    return make_user(Role.NATIONAL_ADMIN, nation=True)


def test_national_admin_adds_an_indicator_through_the_page(money: Money, admin: Any) -> None:
    c = client_for(admin)
    page = _page(c, money)
    assert FORM in page
    assert f'action="/budgets/programmes/{money.programme.pk}/indicators/"' in page
    assert "เพิ่มหรือแก้ไขตัวชี้วัดของแผนงาน" in page  # Thai first: the heading from the budgets catalogue
    assert "แผนงานนี้ยังไม่มีตัวชี้วัด" in page

    response = _post(c, money)

    assert response.status_code == 302
    assert response["Location"] == f"/budgets/programmes/{money.programme.pk}/#programme-indicators"
    assert _rows() == [
        ("ECON", "HH", "ครัวเรือนที่ได้รับประโยชน์", "Households benefiting", "ครัวเรือน", Decimal("1250.50"), "sum")
    ]
    indicator = ProgrammeIndicator.objects.get()
    assert isinstance(indicator.target, Decimal)
    events = AuditEvent.objects.filter(model_label="budgets.programmeindicator", object_pk=str(indicator.pk))
    assert list(events.values_list("action", "actor_id")) == [("create", admin.pk)]

    after = c.get(response["Location"])
    body = after.content.decode()
    assert "บันทึกตัวชี้วัดแผนงาน HH แล้ว" in body  # the success message, in Thai
    assert LIST in body and '<tr data-code="HH"><td>HH</td><td>ครัวเรือนที่ได้รับประโยชน์' in body
    assert ">1,250.50<" in body and ">ผลรวมจากทุกโครงการ<" in body  # target and aggregation label


def test_posting_the_same_code_updates_the_one_row(money: Money, admin: Any) -> None:
    c = client_for(admin)
    assert _post(c, money).status_code == 302
    first = ProgrammeIndicator.objects.get()

    edit = _page(c, money, "?indicator=hh")  # the "edit" link fills the form in
    assert 'name="code" value="HH"' in edit and 'name="target" value="1250.5"' in edit

    response = _post(c, money, code="HH", name_th="ครัวเรือน", name_en="", unit="", target="900", aggregation="mean")

    assert response.status_code == 302
    assert _rows() == [("ECON", "HH", "ครัวเรือน", "", "", Decimal("900.00"), "mean")]
    assert ProgrammeIndicator.objects.get().pk == first.pk
    actions = AuditEvent.objects.filter(model_label="budgets.programmeindicator", object_pk=str(first.pk))
    assert sorted(actions.values_list("action", flat=True)) == ["create", "update"]


@pytest.mark.parametrize(
    ("target", "thai", "english"),
    [
        ("0", "ค่าเป้าหมายต้องมากกว่าศูนย์", "The target must be positive."),
        ("abc", "ค่าเป้าหมายไม่ถูกต้อง", "Not a number"),
    ],
)
def test_bad_target_shows_bilingual_error_keeps_input_and_writes_nothing(
    money: Money, admin: Any, target: str, thai: str, english: str
) -> None:
    c = client_for(admin)
    ProgrammeIndicator.objects.create(programme=money.programme, code="HH", name_th="เดิม", target=Decimal(10))
    before, audit_before = _rows(), AuditEvent.objects.count()

    response = _post(c, money, code="HH", name_th="ชื่อใหม่ที่ผู้ใช้พิมพ์", unit="ครัวเรือน", target=target)

    assert response.status_code == 400
    body = response.content.decode()
    assert f'<ul class="errorlist nonfield"><li>{thai}' in body and english in body
    assert FORM in body
    assert f'name="target" value="{target}"' in body
    assert 'name="name_th" value="ชื่อใหม่ที่ผู้ใช้พิมพ์"' in body and 'name="unit" value="ครัวเรือน"' in body
    assert _rows() == before
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.parametrize("who", ["staff", "approver"])
def test_without_programme_manage_the_list_shows_but_no_form_and_post_is_403(money: Money, who: str) -> None:
    ProgrammeIndicator.objects.create(
        programme=money.programme, code="HH", name_th="ครัวเรือนที่ได้รับประโยชน์", unit="ครัวเรือน", target=Decimal(200)
    )
    before, audit_before = _rows(), AuditEvent.objects.count()
    c = client_for(getattr(money, who))

    page = _page(c, money)
    assert LIST in page and '<tr data-code="HH"><td>HH</td>' in page
    assert FORM not in page and "?indicator=HH" not in page
    assert "เพิ่มหรือแก้ไขตัวชี้วัดของแผนงาน" not in page

    assert _post(c, money, code="HH", target="5").status_code == 403
    assert _post(c, money, code="NEW").status_code == 403
    assert c.get(f"/budgets/programmes/{money.programme.pk}/indicators/").status_code == 403
    assert _rows() == before
    assert AuditEvent.objects.count() == audit_before
