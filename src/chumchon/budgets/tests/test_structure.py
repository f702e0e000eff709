"""The shape of budgets' writes: every entry point is a durable transaction with a nestable
``*_in_transaction`` form beside it, for projects' life cycle, the pages that record a resolution and
act on it in one transaction, and the demo."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from chumchon.budgets import services
from chumchon.budgets.models import Allocation, FundBalance, LedgerEntry, LedgerKind
from chumchon.budgets.tests.conftest import Money, allocate_directly, make_project
from chumchon.core.tests.durability import atomic_of, is_durable
from chumchon.meetings.models import Resolution

BUDGETS = Path(__file__).resolve().parents[1]

ENTRY_POINTS = [
    "programme_create",
    "approval_rule_set",
    "programme_indicator_set",
    "allocation_create",
    "allocation_update",
    "allocation_delete",
    "allocation_adopt",
    "funds_commit",
    "funds_release",
    "funds_disburse",
    "funds_refund",
    "funds_reallocate",
]
NESTED = [
    "programme_create",
    "approval_rule_set",
    "programme_indicator_set",
    "allocation_create",
    "allocation_adopt",
    "funds_commit",
    "funds_release",
    "funds_disburse",
    "funds_refund",
    "funds_reallocate",
]


def test_every_entry_point_is_durable_and_every_in_transaction_form_is_not() -> None:
    assert [n for n in ENTRY_POINTS if not is_durable(getattr(services, n))] == []
    nestable = [getattr(services, f"{n}_in_transaction") for n in NESTED]
    assert all(atomic_of(fn) is not None for fn in nestable)
    assert not any(is_durable(fn) for fn in nestable)


def test_every_transactional_public_name_reads_the_one_way() -> None:
    wrong = []
    for name in services.__all__:
        atomic = atomic_of(getattr(services, name))
        if atomic is None:
            continue
        if atomic.durable == name.endswith("_in_transaction"):
            wrong.append(name)
        if name.endswith("_in_transaction") and not is_durable(getattr(services, name.removesuffix("_in_transaction"))):
            wrong.append(name)
    assert wrong == []


def test_the_demo_calls_only_nestable_forms() -> None:
    from chumchon.meetings import services as meeting_services

    offenders = []
    for node in ast.walk(ast.parse((BUDGETS / "demo.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for module in (services, meeting_services):
                fn = getattr(module, name, None)
                if fn is not None and is_durable(fn):
                    offenders.append(name)
    assert offenders == []


# ---------------------------------------------------------------------------------------------
# With Django's durability check on (a transactional test; the ``db`` fixture relaxes it).


@pytest.mark.django_db(transaction=True)
def test_funds_commit_refuses_to_nest_and_its_in_transaction_form_nests(areas_loaded: None, money: Money) -> None:
    allocate_directly(money.programme, "24", Decimal("500000"))
    project = make_project(programme=money.programme)
    resolution = money.resolution(money.cluster_wg, actor=money.approver)
    commit: dict[str, Any] = {
        "programme": money.programme,
        "province_code": "24",
        "holder": project,
        "amount": Decimal("100000"),
        "actor": money.approver,
        "resolution": resolution,
    }
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.funds_commit(**commit)
    assert not LedgerEntry.objects.filter(kind=LedgerKind.COMMIT).exists()
    with transaction.atomic():
        services.funds_commit_in_transaction(**commit)
        services.funds_disburse_in_transaction(holder=project, amount=Decimal("60000"), actor=money.staff)
    balance = FundBalance.objects.get(programme=money.programme, province_code="24")
    assert (balance.committed, balance.disbursed) == (Decimal("100000.00"), Decimal("60000.00"))
    assert services.ledger_check(money.programme) == []


@pytest.mark.django_db(transaction=True)
def test_pages_record_the_resolution_and_act_on_it_in_one_durable_transaction(areas_loaded: None, money: Money) -> None:
    """The reallocation and adoption pages each open one durable block and call the nestable forms
    of ``resolution_record`` and the money service inside it."""
    allocate_directly(money.programme, "24", Decimal("300000"))
    adopter = Client()
    adopter.force_login(money.adopter)
    response = adopter.post(
        f"/budgets/programmes/{money.programme.pk}/reallocate/",
        {
            "from_province": "24",
            "to_province": "20",
            "amount": "120000",
            "body": money.regional.pk,
            "meeting_date": "01/03/2565",
            "number": "2/2565",
            "text": "เห็นชอบให้โอนงบประมาณ",
        },
    )
    assert response.status_code == 302
    assert FundBalance.objects.get(programme=money.programme, province_code="20").allocated == Decimal("120000.00")
    allocation = services.allocation_create(
        actor=money.staff,
        programme=money.programme,
        name="fair",
        scope_kind="region",
        scope_code="R5",
        total=Decimal("1000000"),
        params={"base": "0.5", "weights": {"tambons": "0.5"}},
    )
    response = adopter.post(
        f"/budgets/allocations/{allocation.pk}/",
        {"body": money.regional.pk, "meeting_date": "20/10/2564", "number": "1/2565", "text": "เห็นชอบ"},
    )
    assert response.status_code == 302
    allocation = Allocation.objects.get(pk=allocation.pk)
    assert allocation.is_locked and allocation.resolution is not None
    assert set(Resolution.objects.values_list("number", flat=True)) == {"1/2565", "2/2565"}
