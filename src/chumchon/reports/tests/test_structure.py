"""The shape of the reports app's writes: entry points are durable and have a nestable form."""

from __future__ import annotations

import pytest

from chumchon.core.tests.durability import is_durable
from chumchon.reports import services

ENTRY_POINTS = ["report_generate", "report_request", "schedule_create", "schedules_run_due"]


@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_entry_points_are_durable_and_have_a_nestable_form(name: str) -> None:
    assert is_durable(getattr(services, name)), name
    assert not is_durable(getattr(services, f"{name}_in_transaction")), name
