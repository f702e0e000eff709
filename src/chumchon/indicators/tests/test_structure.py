"""The shape of indicators' writes (durable entry points, nestable forms beside them) and its demo
step, run on a small context rather than the whole demo."""

from __future__ import annotations

import ast
import random
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from chumchon.accounts.models import Role
from chumchon.areas.models import CodiRegion
from chumchon.core.demo import DemoContext
from chumchon.core.tests.durability import atomic_of, is_durable
from chumchon.indicators import demo, services
from chumchon.indicators.models import Indicator, IndicatorTarget, IndicatorValue, PeriodApproval

INDICATORS = Path(__file__).resolve().parents[1]
ENTRY_POINTS = [
    "indicator_create",
    "indicator_update",
    "target_set",
    "value_enter",
    "values_import",
    "values_refresh",
    "period_submit",
    "period_approve",
    "period_return",
    "period_unapprove",
]


def test_entry_points_are_durable_and_their_in_transaction_forms_are_not() -> None:
    assert [n for n in ENTRY_POINTS if not is_durable(getattr(services, n))] == []
    assert not any(is_durable(getattr(services, f"{n}_in_transaction")) for n in ENTRY_POINTS)
    assert sorted(services.__all__) == sorted([*ENTRY_POINTS, *(f"{n}_in_transaction" for n in ENTRY_POINTS)])
    assert all(atomic_of(getattr(services, n)) is not None for n in ENTRY_POINTS)


def test_the_demo_calls_only_nestable_forms() -> None:
    offenders = []
    for node in ast.walk(ast.parse((INDICATORS / "demo.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            fn = getattr(services, name, None)
            if fn is not None and is_durable(fn):
                offenders.append(name)
    assert offenders == []


@pytest.mark.django_db(transaction=True)
def test_an_entry_point_refuses_to_nest(areas_loaded: None, make_user: Any) -> None:
    admin = make_user(Role.NATIONAL_ADMIN, nation=True)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.indicator_create(actor=admin, name_th="ทดสอบ", kind="reported")
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_demo_step_makes_track_targets_values_and_approvals(make_user: Any) -> None:
    users = {
        Role.NATIONAL_ADMIN: make_user(Role.NATIONAL_ADMIN, nation=True),
        Role.TAMBON_COUNCIL_SECRETARY: make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104"),
        Role.PROVINCIAL_WORKING_GROUP_MEMBER: make_user(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area="24"),
        Role.CLUSTER_WORKING_GROUP_MEMBER: make_user(Role.CLUSTER_WORKING_GROUP_MEMBER, cluster="C08"),
    }
    ctx = DemoContext(seed=2565, region=CodiRegion.objects.get(code="R5"), rng=random.Random(2565))
    ctx.shared["users"] = users
    with transaction.atomic():
        demo.generate(ctx)
    year = ctx.fiscal_year
    tracks = Indicator.objects.filter(code__startswith="codi-")
    assert sorted(
        IndicatorTarget.objects.filter(indicator__in=tracks, unit="", fiscal_year=year).values_list("value", flat=True)
    ) == [100, 3500, 6000]
    assert {a for a in Indicator.objects.values_list("aggregation", flat=True)} == {
        "sum",
        "average",
        "weighted",
        "latest",
        "share",
    }
    assert PeriodApproval.objects.get(unit="24", fiscal_year=year - 1).state == "approved"
    assert PeriodApproval.objects.get(unit="240104", fiscal_year=year).state == "draft"
    assert PeriodApproval.objects.filter(fiscal_year=year, state="submitted").exists()
    made = IndicatorValue.objects.count()
    demo.generate(ctx)  # again: nothing added twice
    assert IndicatorValue.objects.count() == made
