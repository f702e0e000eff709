"""Recording a resolution: a durable entry point, and a nestable form for a decision that records
its resolution inside its own transaction (projects' approve and reject, budgets' pages, the demo)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.db.transaction import Atomic

from chumchon.accounts.models import Role
from chumchon.areas.models import CodiRegion
from chumchon.meetings import services
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import Body, BodyKind


def _atomic(fn: Any) -> Atomic | None:
    cells = [c.cell_contents for c in fn.__closure__ or ()]
    return next((c for c in cells if isinstance(c, Atomic)), None)


def test_resolution_record_is_durable_and_its_in_transaction_form_is_not() -> None:
    durable, nestable = _atomic(services.resolution_record), _atomic(services.resolution_record_in_transaction)
    assert durable is not None and durable.durable
    assert nestable is not None and not nestable.durable


@pytest.mark.django_db(transaction=True)
def test_resolution_record_refuses_to_nest_and_its_in_transaction_form_nests(
    areas_loaded: None, make_user: Any
) -> None:
    body = Body.objects.create(
        kind=BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
        name_th="อนุกรรมการภาค",
        scope_kind="region",
        region=CodiRegion.objects.get(code="R5"),
    )
    actor = make_user(Role.REGIONAL_SUBCOMMITTEE_MEMBER, region="R5")
    record = {"actor": actor, "body": body, "meeting_date": dt.date(2022, 3, 1), "text": "เห็นชอบ"}
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.resolution_record(number="1/2565", **record)
    assert not Resolution.objects.exists()
    with transaction.atomic():
        services.resolution_record_in_transaction(number="2/2565", **record)
    services.resolution_record(number="3/2565", **record)
    assert sorted(Resolution.objects.values_list("number", flat=True)) == ["2/2565", "3/2565"]


@pytest.mark.parametrize(
    "name",
    [
        "membership_add",
        "membership_end",
        "term_extend",
        "meeting_create",
        "attendance_record",
        "meeting_minutes_attach",
        "resolution_at_meeting",
        "resolution_external",
        "delegation_create",
    ],
)
def test_committee_entry_points_are_durable_and_their_in_transaction_forms_are_not(name: str) -> None:
    entry = getattr(services, name)
    nestable = getattr(services, f"{name}_in_transaction")
    durable, inner = _atomic(entry), _atomic(nestable)
    assert durable is not None and durable.durable, name
    assert inner is not None and not inner.durable, name
