"""The shape of capital's writes (durable entry points, nestable forms beside them) and its demo step,
run on a small context rather than the whole demo."""

from __future__ import annotations

import ast
import random
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from chumchon.accounts.models import Role
from chumchon.areas.models import Area, CodiRegion
from chumchon.audit.models import AuditEvent
from chumchon.capital import demo, services
from chumchon.capital.models import CapitalEntry, CapitalKind, SourceKind
from chumchon.capital.tests.conftest import DATE, TAMBON
from chumchon.core.demo import DemoContext
from chumchon.core.tests.durability import atomic_of, is_durable

CAPITAL = Path(__file__).resolve().parents[1]
ENTRY_POINTS = ["capital_entry_create", "capital_entry_update", "capital_entry_retire"]


def test_entry_points_are_durable_and_their_in_transaction_forms_nest() -> None:
    assert [n for n in ENTRY_POINTS if not is_durable(getattr(services, n))] == []
    nestable = [getattr(services, f"{n}_in_transaction") for n in ENTRY_POINTS]
    assert all(atomic_of(fn) is not None for fn in nestable)
    assert not any(is_durable(fn) for fn in nestable)
    assert sorted(services.__all__) == sorted([*ENTRY_POINTS, *(f"{n}_in_transaction" for n in ENTRY_POINTS)])


def test_the_demo_calls_only_nestable_forms() -> None:
    offenders = []
    for node in ast.walk(ast.parse((CAPITAL / "demo.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            fn = getattr(services, name, None)
            if fn is not None and is_durable(fn):
                offenders.append(name)
    assert offenders == []


@pytest.mark.django_db(transaction=True)
def test_create_refuses_to_nest_and_its_in_transaction_form_nests(areas_loaded: None, make_user: Any) -> None:
    secretary = make_user("tambon_council_secretary", area=TAMBON)
    values: dict[str, Any] = {
        "actor": secretary,
        "area": Area.objects.get(code=TAMBON),
        "kind": CapitalKind.KNOWLEDGE_MEDICINE,
        "name": "หมอพื้นบ้าน",
        "source_kind": SourceKind.LOCAL_SURVEY,
        "as_of": DATE,
    }
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.capital_entry_create(**values)
    assert not CapitalEntry.objects.exists()
    with transaction.atomic():
        services.capital_entry_create_in_transaction(**values)
    assert CapitalEntry.objects.count() == 1


@pytest.mark.django_db
def test_demo_step_records_audited_profiles_for_the_demo_district(make_user: Any) -> None:
    secretary = make_user(Role.TAMBON_COUNCIL_SECRETARY, area=TAMBON)
    officer = make_user(Role.CDD_DISTRICT_OFFICER, area="2401")
    ctx = DemoContext(seed=2565, region=CodiRegion.objects.get(code="R5"), rng=random.Random(2565))
    ctx.shared["users"] = {Role.TAMBON_COUNCIL_SECRETARY: secretary, Role.CDD_DISTRICT_OFFICER: officer}
    with transaction.atomic():
        demo.generate(ctx)
    tambons = ctx.shared["capital_tambons"]
    assert TAMBON in tambons and all(code.startswith("2401") for code in tambons)
    made = CapitalEntry.objects.count()
    assert made == ctx.shared["capital_entries"] > len(tambons)
    assert all(CapitalEntry.objects.filter(area__code__startswith=code).exists() for code in tambons)
    assert AuditEvent.objects.filter(model_label="capital.capitalentry", action="create").count() == made
    # Run again: nothing is added twice.
    demo.generate(ctx)
    assert CapitalEntry.objects.count() == made
