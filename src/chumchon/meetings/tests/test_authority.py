"""meetings.authority: the one answer to "who decides this?" — rule choice by amount, date and
scope, the outside-cluster substitution, and the extension point for dated delegations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from chumchon.accounts.models import Role
from chumchon.accounts.permissions import Action
from chumchon.meetings import authority
from chumchon.meetings.authority import (
    AuthorityError,
    AuthorityErrorCode,
    Category,
    Power,
    Rule,
    Subject,
)
from chumchon.organizations.models import COMMITTEE_KINDS, BodyKind

D = Decimal
STANDING = Rule(body_kind=BodyKind.CLUSTER_WORKING_GROUP, role=Role.CLUSTER_WORKING_GROUP_MEMBER)


@pytest.fixture
def only_source() -> Iterator[list[Rule]]:
    """Replace the registered sources by one list of rules the test fills."""
    rules: list[Rule] = []
    saved = list(authority.RULE_SOURCES)
    authority.RULE_SOURCES[:] = [lambda subject: rules]
    yield rules
    authority.RULE_SOURCES[:] = saved


def subject(**kw: object) -> Subject:
    base: dict[str, object] = {
        "power": Power.APPROVE,
        "amount": D("100000"),
        "province_code": "24",
        "programme_code": "P",
    }
    base.update(kw)
    return Subject(**base)  # type: ignore[arg-type]


def test_permission_by_power_and_category() -> None:
    assert authority.action_for(subject()) == Action.PROJECT_APPROVE
    assert (
        authority.action_for(subject(power=Power.REJECT, category=Category.HOUSING)) == Action.PROJECT_APPROVE_HOUSING
    )
    assert authority.action_for(subject(power=Power.ADOPT)) == Action.ALLOCATION_ADOPT
    assert authority.action_for(subject(power=Power.DISBURSE)) == Action.PROJECT_DISBURSE


def test_adoption_needs_a_committee_and_disbursement_no_body(only_source: list[Rule]) -> None:
    assert authority.authority_for(subject(power=Power.ADOPT)).body_kinds == frozenset(COMMITTEE_KINDS)
    assert not authority.authority_for(subject(power=Power.DISBURSE)).needs_resolution


def test_no_rule_refuses_approval_and_rejection(only_source: list[Rule]) -> None:
    for power in (Power.APPROVE, Power.REJECT):
        with pytest.raises(AuthorityError) as exc:
            authority.authority_for(subject(power=power))
        assert exc.value.code == AuthorityErrorCode.NO_RULE


@pytest.mark.django_db
def test_amount_band_and_outside_cluster(only_source: list[Rule]) -> None:
    only_source += [
        Rule(body_kind=BodyKind.CLUSTER_WORKING_GROUP, role="cluster_working_group", max_amount=D("500000")),
        Rule(body_kind=BodyKind.CODI_REGIONAL_SUBCOMMITTEE, role="regional_subcommittee", min_amount=D("500000.01")),
    ]
    assert authority.authority_for(subject(amount=D("500000"))).approver_body_kind == BodyKind.CLUSTER_WORKING_GROUP
    big = authority.authority_for(subject(amount=D("600000")))
    assert (big.approver_body_kind, big.role) == (BodyKind.CODI_REGIONAL_SUBCOMMITTEE, "regional_subcommittee")
    bangkok = authority.authority_for(subject(amount=D("1000"), province_code="10"))
    assert bangkok.is_outside_cluster and bangkok.approver_body_kind == BodyKind.CODI_REGIONAL_SUBCOMMITTEE


@pytest.mark.django_db
def test_a_dated_delegation_wins_in_its_scope_and_period_only(only_source: list[Rule]) -> None:
    """The extension point: a delegation is one more Rule (validity, resolution, scope, ceiling)."""
    delegation = Rule(
        body_kind=BodyKind.PROJECT_REVIEW_WORKING_GROUP,
        role=Role.PROVINCIAL_WORKING_GROUP_MEMBER,
        max_amount=D("300000"),
        valid_from=dt.date(2023, 10, 1),
        valid_until=dt.date(2024, 9, 30),
        resolution_id=42,
        scope_prefix="24",
    )
    only_source += [STANDING, delegation]
    inside = subject(on=dt.date(2024, 1, 15))
    assert authority.authority_for(inside).rule == delegation
    assert authority.authority_for(subject(on=dt.date(2024, 10, 1))).rule == STANDING  # period over
    assert authority.authority_for(subject(on=dt.date(2024, 1, 15), province_code="25")).rule == STANDING
    assert authority.authority_for(subject(on=dt.date(2024, 1, 15), amount=D("300000.01"))).rule == STANDING
