"""The shape of relief's and organizations' writes: durable entry points with nestable forms beside
them; the demos call only the nestable forms (core runs every demo step in one transaction)."""

from __future__ import annotations

import ast
from pathlib import Path

from chumchon.core.tests.durability import atomic_of, is_durable
from chumchon.organizations import services as org_services
from chumchon.relief import services

APPS = Path(__file__).resolve().parents[2]
PAIRS = {
    services: ["campaign_create", "contribution_record", "household_help_record"],
    org_services: ["body_create", "body_update", "leader_add", "welfare_year_save", "welfare_benefit_pay"],
}


def test_entry_points_are_durable_and_their_in_transaction_forms_nest() -> None:
    for module, names in PAIRS.items():
        assert [n for n in names if not is_durable(getattr(module, n))] == []
        nestable = [getattr(module, f"{n}_in_transaction") for n in names]
        assert all(atomic_of(fn) is not None and not is_durable(fn) for fn in nestable)
    assert is_durable(services.campaign_close) and is_durable(org_services.leader_remove)


def test_the_demos_call_only_nestable_forms() -> None:
    offenders = []
    for path in (APPS / "relief" / "demo.py", APPS / "organizations" / "demo.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                for module in PAIRS:
                    fn = getattr(module, name, None)
                    if fn is not None and is_durable(fn):
                        offenders.append(f"{path.name}:{name}")
    assert offenders == []
