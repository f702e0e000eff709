"""Programme indicators: the add/update service and the roll-up of projects' latest values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from chumchon.accounts.models import Role
from chumchon.audit.models import AuditEvent
from chumchon.budgets import selectors, services
from chumchon.budgets.models import ProgrammeIndicator
from chumchon.budgets.services import BudgetError
from chumchon.budgets.tests.conftest import Money, make_project

pytestmark = pytest.mark.django_db


def _report(programme: Any, area_code: str, code: str, value: str | None, status: str = "in_progress") -> Any:
    from chumchon.projects.models import Project, ProjectIndicator

    project = make_project(programme=programme, area_code=area_code)
    Project.objects.filter(pk=project.pk).update(status=status)
    return ProjectIndicator.objects.create(
        project=project,
        code=code,
        name=code,
        target=Decimal(100),
        latest_value=None if value is None else Decimal(value),
    )


def test_indicator_set_creates_then_updates_audited(money: Money, make_user: Any) -> None:
    admin = make_user(Role.NATIONAL_ADMIN, nation=True)
    created = services.programme_indicator_set(
        actor=admin, programme=money.programme, code="hh", name_th="ครัวเรือนที่ได้รับประโยชน์", target="1000"
    )
    assert created.code == "HH" and created.aggregation == "sum"
    updated = services.programme_indicator_set(
        actor=admin, programme=money.programme, code="HH", name_th="ครัวเรือน", target=1200, aggregation="mean"
    )
    assert updated.pk == created.pk
    row = ProgrammeIndicator.objects.get()
    assert (row.name_th, row.target, row.aggregation) == ("ครัวเรือน", Decimal("1200.00"), "mean")
    trail = AuditEvent.objects.filter(model_label="budgets.programmeindicator", object_pk=str(created.pk))
    assert sorted(trail.values_list("action", flat=True)) == ["create", "update"]


def test_indicator_set_refuses_without_programme_manage_or_bad_input(money: Money, make_user: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.programme_indicator_set(
            actor=money.staff, programme=money.programme, code="HH", name_th="ครัวเรือน", target=10
        )
    admin = make_user(Role.NATIONAL_ADMIN, nation=True)
    for bad in ({"target": 0}, {"target": "x"}, {"aggregation": "median", "target": 5}, {"code": "", "target": 5}):
        kwargs = {"code": "HH", "name_th": "ครัวเรือน", **bad}
        with pytest.raises(BudgetError):
            services.programme_indicator_set(actor=admin, programme=money.programme, **kwargs)
    assert not ProgrammeIndicator.objects.exists()


def test_rollup_sum_and_mean_per_province_and_scope(money: Money, make_user: Any) -> None:
    p = money.programme
    hh = ProgrammeIndicator.objects.create(programme=p, code="HH", name_th="ครัวเรือน", target=Decimal(200))
    inc = ProgrammeIndicator.objects.create(
        programme=p, code="INCOME", name_th="รายได้", target=Decimal(1000), aggregation="mean"
    )
    _report(p, "240104", "HH", "30")
    _report(p, "240105", "HH", "20")
    _report(p, "200101", "HH", "50")
    _report(p, "240104", "HH", "999", status="cancelled")  # does not count
    _report(p, "240104", "HH", None)  # not reported yet
    _report(p, "240104", "OTHER", "7")  # another code
    _report(p, "240104", "INCOME", "900")
    _report(p, "200101", "INCOME", "600")
    _report(p, "200101", "INCOME", "300")

    national = {r.indicator.code: r for r in selectors.indicator_progress(money.staff, p)}
    assert national["HH"].value == Decimal(100) and national["HH"].projects == 3
    assert national["HH"].pct == Decimal("50.0")
    assert [(a.code, a.total, a.projects) for a in national["HH"].by_province] == [
        ("20", Decimal(50), 1),
        ("24", Decimal(50), 2),
    ]
    assert national["INCOME"].value == Decimal("600.00")  # (900 + 600 + 300) / 3 projects
    assert [(a.code, a.total) for a in national["INCOME"].by_province] == [
        ("20", Decimal("450.00")),
        ("24", Decimal("900.00")),
    ]
    assert national["INCOME"].indicator == inc and national["HH"].indicator == hh

    local = {r.indicator.code: r for r in selectors.indicator_progress(money.proposer, p)}  # sees province 24 only
    assert local["HH"].value == Decimal(50)
    assert local["INCOME"].value == Decimal("900.00")
    assert [a.code for a in local["HH"].by_province] == ["24"]


def test_indicator_without_reports_shows_no_value(money: Money) -> None:
    ProgrammeIndicator.objects.create(programme=money.programme, code="HH", name_th="ครัวเรือน", target=Decimal(10))
    (row,) = selectors.indicator_progress(money.staff, money.programme)
    assert row.value is None and row.pct is None and row.projects == 0


def test_programme_page_shows_indicators_with_progress(money: Money) -> None:
    ProgrammeIndicator.objects.create(
        programme=money.programme, code="HH", name_th="จำนวนครัวเรือนที่ได้รับประโยชน์", unit="ครัวเรือน", target=Decimal(200)
    )
    _report(money.programme, "240104", "HH", "50")
    c = Client()
    c.force_login(money.staff)
    page = c.get(f"/budgets/programmes/{money.programme.pk}/").content.decode()
    assert 'id="indicator-table"' in page
    assert "จำนวนครัวเรือนที่ได้รับประโยชน์" in page
    assert "25.0%" in page  # 50 of 200
    assert ">50 ครัวเรือน<" in page or "50 ครัวเรือน" in page
