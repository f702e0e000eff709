"""The shape of the assessment's writes: durable entry points with nestable forms beside them; the demo
calls only the nestable forms (core runs every demo step in one transaction)."""

from __future__ import annotations

import ast
from pathlib import Path

from chumchon.assessment import services
from chumchon.core.tests.durability import atomic_of, is_durable

NAMES = [
    "assessment_open",
    "proposals_refresh",
    "score_set",
    "evidence_add",
    "evidence_remove",
    "assessment_submit",
    "assessment_review",
    "assessment_return",
    "selection_propose",
    "selection_adopt",
    "certification_record",
]


def test_entry_points_are_durable_and_their_in_transaction_forms_nest() -> None:
    assert [n for n in NAMES if not is_durable(getattr(services, n))] == []
    nestable = [getattr(services, f"{n}_in_transaction") for n in NAMES]
    assert all(atomic_of(fn) is not None and not is_durable(fn) for fn in nestable)


def test_the_demo_calls_only_nestable_forms() -> None:
    path = Path(__file__).resolve().parents[1] / "demo.py"
    offenders = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            fn = getattr(services, name, None)
            if fn is not None and is_durable(fn):
                offenders.append(name)
    assert offenders == []
