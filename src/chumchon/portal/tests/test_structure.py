"""The shape of the portal's writes (feedback): entry points are durable transactions and refuse to be
nested; their ``*_in_transaction`` forms nest. And every public view passes the disclosure guard."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import transaction

from chumchon.core.tests.durability import is_durable
from chumchon.portal import services
from chumchon.portal.models import Feedback

PORTAL = Path(__file__).resolve().parents[1]
ENTRY_POINTS = ["feedback_submit", "feedback_moderate"]


@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_entry_points_are_durable_and_have_a_nestable_form(name: str) -> None:
    assert is_durable(getattr(services, name)), name
    assert not is_durable(getattr(services, f"{name}_in_transaction")), name


@pytest.mark.django_db(transaction=True)
def test_a_durable_entry_point_refuses_to_nest_and_the_nestable_form_nests() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        services.feedback_submit(place_key="TH", area_code="", message="x", address="1.1.1.1")
    with transaction.atomic():
        services.feedback_submit_in_transaction(place_key="TH", area_code="", message="y", address="1.1.1.1")
    assert Feedback.objects.filter(message="y").exists()


PUBLIC_VIEWS = {"home", "place", "project", "download", "catalogue", "iati", "opendata_page", "feedback"}


def test_every_public_view_answers_through_the_disclosure_guard() -> None:
    """A public view returns ``guarded(...)`` (or a cached response that was guarded), never a bare one."""
    tree = ast.parse((PORTAL / "views.py").read_text())
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert set(functions) >= PUBLIC_VIEWS
    for name in PUBLIC_VIEWS:
        calls = {
            c.func.id for c in ast.walk(functions[name]) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
        }
        assert calls & {"guarded", "_page"}, name
