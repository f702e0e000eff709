"""The shape of plans' writes: entry points are durable transactions, their ``*_in_transaction``
forms nest (the demo, the Excel import, a proposal accepted as is), and the demo and the import call
only the nestable forms."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import transaction

from chumchon.core.tests.durability import atomic_of, is_durable
from chumchon.plans import services
from chumchon.plans.models import PlanItem

from .conftest import World

PLANS = Path(__file__).resolve().parents[1]
ENTRY_POINTS = [
    "plan_create",
    "item_create",
    "item_update",
    "item_set_status",
    "version_record",
    "proposal_make",
    "proposal_accept",
    "proposal_merge",
    "proposal_decline",
    "proposal_note",
    "charter_create",
    "charter_rules_set",
]
NESTED = [
    "plan_create",
    "item_create",
    "version_record",
    "proposal_make",
    "proposal_accept",
    "proposal_merge",
    "proposal_decline",
    "charter_create",
    "charter_rules_set",
]


def test_every_entry_point_is_durable_and_every_in_transaction_form_is_not() -> None:
    assert [n for n in ENTRY_POINTS if not is_durable(getattr(services, n))] == []
    nestable = [getattr(services, f"{n}_in_transaction") for n in NESTED]
    assert all(atomic_of(fn) is not None for fn in nestable)
    assert not any(is_durable(fn) for fn in nestable)
    public = [n for n in dir(services) if not n.startswith("_") and callable(getattr(services, n))]
    wrong = []
    for name in public:
        atomic = atomic_of(getattr(services, name))
        if atomic is None or getattr(getattr(services, name), "__module__", "") != services.__name__:
            continue
        if atomic.durable == name.endswith("_in_transaction"):
            wrong.append(name)
    assert wrong == []


def test_the_demo_and_the_import_call_only_nestable_forms() -> None:
    offenders = []
    for module in ("demo.py", "imports.py"):
        tree = ast.parse((PLANS / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                fn = getattr(services, name, None)
                if fn is not None and is_durable(fn):
                    offenders.append(f"{module}: {name}")
    assert offenders == []


@pytest.mark.django_db(transaction=True)
def test_entry_points_refuse_to_nest_and_their_in_transaction_forms_nest(areas_loaded: None, world: World) -> None:
    plan = world.council_plan()
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        world.item(plan, "ไม่ควรถูกสร้าง")
    assert not PlanItem.objects.filter(title="ไม่ควรถูกสร้าง").exists()
    district = world.district_plan()
    with transaction.atomic():
        item = services.item_create_in_transaction(actor=world.secretary, plan=plan, title="ในธุรกรรมเดียว")
        proposal = services.proposal_make_in_transaction(actor=world.secretary, item=item, to_plan=district)
        services.proposal_accept_in_transaction(actor=world.cdd_district, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.covering_item is not None and proposal.covering_item.plan == district
