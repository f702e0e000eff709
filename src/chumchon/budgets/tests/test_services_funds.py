"""The money services: each does its job and each refusal leaves everything unchanged."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chumchon.audit.models import AuditEvent
from chumchon.budgets import services
from chumchon.budgets.models import FundBalance, LedgerEntry, LedgerKind
from chumchon.budgets.selectors import holder_funds as project_funds
from chumchon.budgets.services import InsufficientFunds, OverDisbursement
from chumchon.budgets.tests.conftest import Money, allocate_directly, make_project

pytestmark = pytest.mark.django_db
D = Decimal


def state() -> tuple[Any, ...]:
    """Everything a refused operation must leave alone."""
    return (
        tuple(LedgerEntry.objects.order_by("id").values_list("id", "kind", "amount")),
        tuple(FundBalance.objects.order_by("id").values_list("allocated", "committed", "disbursed", "refunded")),
        AuditEvent.objects.filter(model_label="budgets.ledgerentry").count(),
    )


@pytest.fixture
def funded(money: Money) -> tuple[Money, Any, Any]:
    allocate_directly(money.programme, "24", D("1000000"))
    project = make_project(programme=money.programme)
    resolution = money.resolution(money.cluster_wg, actor=money.approver)
    return money, project, resolution


def test_commit_disburse_refund_release_happy_path(funded: tuple[Money, Any, Any]) -> None:
    money, project, resolution = funded
    entry = services.funds_commit(
        programme=money.programme,
        province_code="24",
        holder=project,
        amount=D("300000"),
        actor=money.approver,
        resolution=resolution,
    )
    assert entry.kind == LedgerKind.COMMIT and entry.amount == D("300000.00")
    assert services.programme_remaining(programme=money.programme, province_code="24") == D("700000")
    services.funds_disburse(holder=project, amount=D("200000"), actor=money.staff, tranche_no=1)
    services.funds_refund(holder=project, amount=D("50000"), actor=money.staff, note="เหลือจ่าย")
    funds = project_funds(project)
    assert (funds.committed, funds.disbursed, funds.refunded) == (D("300000"), D("200000"), D("50000"))
    released = services.funds_release(holder=project, actor=money.staff, reason="ปิดโครงการ")
    assert released is not None and released.amount == D("-150000.00")  # 300,000 − (200,000 − 50,000)
    assert services.programme_remaining(programme=money.programme, province_code="24") == D("850000")
    assert services.funds_release(holder=project, actor=money.staff, reason="again") is None
    assert services.ledger_check(money.programme) == []
    assert (
        AuditEvent.objects.filter(model_label="budgets.ledgerentry").count() == 4
    )  # commit, disburse, refund, release


def test_insufficient_funds_is_refused_bilingually_and_changes_nothing(funded: tuple[Money, Any, Any]) -> None:
    money, project, resolution = funded
    before = state()
    with pytest.raises(InsufficientFunds) as exc:
        services.funds_commit(
            programme=money.programme,
            province_code="24",
            holder=project,
            amount=D("1000000.01"),
            actor=money.approver,
            resolution=resolution,
        )
    assert "งบประมาณคงเหลือไม่พอ" in str(exc.value) and "Insufficient funds" in str(exc.value)
    assert state() == before


def test_commit_needs_the_right_role_scope_and_body(funded: tuple[Money, Any, Any]) -> None:
    money, project, resolution = funded
    before = state()
    kwargs = {"programme": money.programme, "province_code": "24", "holder": project, "amount": D("1000")}
    with pytest.raises(PermissionDenied) as exc:  # staff may disburse but not approve
        services.funds_commit(**kwargs, actor=money.staff, resolution=resolution)
    assert "คุณไม่มีสิทธิ์" in str(exc.value) and "not allowed" in str(exc.value)
    with pytest.raises(PermissionDenied):  # approver of another cluster: out of scope
        services.funds_commit(**kwargs, actor=money.outsider, resolution=resolution)
    wrong_body = money.resolution(money.regional, actor=money.adopter)
    with pytest.raises(ValidationError) as exc2:  # resolution of a body without authority
        services.funds_commit(**kwargs, actor=money.approver, resolution=wrong_body)
    assert "cluster" in str(exc2.value).lower() or "คณะทำงาน" in str(exc2.value)
    with pytest.raises(ValidationError):
        services.funds_commit(**kwargs, actor=money.approver, resolution=None)
    ledger_after = state()
    assert ledger_after[:2] == before[:2] and ledger_after[2] == before[2]


def test_housing_goes_to_the_baan_mankong_subcommittee(money: Money) -> None:
    allocate_directly(money.housing, "24", D("500000"))
    project = make_project(programme=money.housing)
    cluster_res = money.resolution(money.cluster_wg, actor=money.approver)
    with pytest.raises(PermissionDenied):
        services.funds_commit(
            programme=money.housing,
            province_code="24",
            holder=project,
            amount=D("1000"),
            actor=money.approver,
            resolution=cluster_res,
        )
    bm_res = money.resolution(money.baan_mankong, actor=money.housing_approver)
    entry = services.funds_commit(
        programme=money.housing,
        province_code="24",
        holder=project,
        amount=D("1000"),
        actor=money.housing_approver,
        resolution=bm_res,
    )
    assert entry.amount == D("1000")


def test_over_disbursement_is_refused_and_changes_nothing(funded: tuple[Money, Any, Any]) -> None:
    money, project, resolution = funded
    services.funds_commit(
        programme=money.programme,
        province_code="24",
        holder=project,
        amount=D("100000"),
        actor=money.approver,
        resolution=resolution,
    )
    services.funds_disburse(holder=project, amount=D("60000"), actor=money.staff, tranche_no=1)
    before = state()
    with pytest.raises(OverDisbursement) as exc:
        services.funds_disburse(holder=project, amount=D("40000.01"), actor=money.staff, tranche_no=2)
    assert "เบิกจ่ายเกินวงเงินอนุมัติ" in str(exc.value) and "Over-disbursement" in str(exc.value)
    with pytest.raises(PermissionDenied):  # an approver is not a disburser
        services.funds_disburse(holder=project, amount=D("1"), actor=money.approver, tranche_no=2)
    with pytest.raises(ValidationError):  # refund more than it holds
        services.funds_refund(holder=project, amount=D("60000.01"), actor=money.staff)
    with pytest.raises(ValidationError):  # amounts are positive
        services.funds_disburse(holder=project, amount=D("0"), actor=money.staff, tranche_no=2)
    with pytest.raises(TypeError):  # money is never a float
        services.funds_disburse(holder=project, amount=1.5, actor=money.staff, tranche_no=2)  # type: ignore[arg-type]
    assert state() == before
    services.funds_disburse(holder=project, amount=D("40000"), actor=money.staff, tranche_no=2)
    assert project_funds(project).disbursed == D("100000")


def test_disburse_before_approval_is_refused(money: Money) -> None:
    project = make_project(programme=money.programme)
    with pytest.raises(ValidationError) as exc:
        services.funds_disburse(holder=project, amount=D("1"), actor=money.staff, tranche_no=1)
    assert "no approved" in str(exc.value)


def test_reallocate_moves_only_uncommitted_money(funded: tuple[Money, Any, Any]) -> None:
    money, project, resolution = funded
    services.funds_commit(
        programme=money.programme,
        province_code="24",
        holder=project,
        amount=D("900000"),
        actor=money.approver,
        resolution=resolution,
    )
    regional = money.resolution(money.regional, actor=money.adopter, number="2/2565")
    before = state()
    with pytest.raises(InsufficientFunds):
        services.funds_reallocate(
            programme=money.programme,
            from_province="24",
            to_province="20",
            amount=D("100000.01"),
            actor=money.adopter,
            resolution=regional,
        )
    with pytest.raises(PermissionDenied):
        services.funds_reallocate(
            programme=money.programme,
            from_province="24",
            to_province="20",
            amount=D("1"),
            actor=money.staff,
            resolution=regional,
        )
    assert state() == before
    services.funds_reallocate(
        programme=money.programme,
        from_province="24",
        to_province="20",
        amount=D("100000"),
        actor=money.adopter,
        resolution=regional,
    )
    assert services.programme_remaining(programme=money.programme, province_code="24") == D("0")
    assert services.programme_remaining(programme=money.programme, province_code="20") == D("100000")
    assert services.ledger_check(money.programme) == []


def test_ledger_check_finds_a_tampered_balance(funded: tuple[Money, Any, Any]) -> None:
    money, _, _ = funded
    assert services.ledger_check(money.programme) == []
    FundBalance.objects.filter(programme=money.programme, province_code="24").update(allocated=D("999"))
    problems = services.ledger_check(money.programme)
    assert any("allocated" in p for p in problems)


def test_approver_for_picks_the_band(money: Money) -> None:
    from chumchon.accounts.models import Role
    from chumchon.organizations.models import BodyKind

    admin = type(money.staff).objects.create_superuser("boss", password="x")
    money.programme.approval_rules.all().delete()
    services.approval_rule_set(
        actor=admin,
        programme=money.programme,
        min_amount=D("0"),
        max_amount=D("500000"),
        approver_body_kind=BodyKind.CLUSTER_WORKING_GROUP,
        approver_role=Role.CLUSTER_WORKING_GROUP_MEMBER,
    )
    services.approval_rule_set(
        actor=admin,
        programme=money.programme,
        min_amount=D("500000.01"),
        max_amount=None,
        approver_body_kind=BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
        approver_role=Role.REGIONAL_SUBCOMMITTEE_MEMBER,
    )
    assert (
        services.approver_for(programme=money.programme, amount=D("500000")).approver_body_kind
        == "cluster_working_group"
    )
    big = services.approver_for(programme=money.programme, amount=D("600000"))
    assert big.approver_body_kind == "codi_regional_subcommittee"
    with pytest.raises(ValidationError):  # overlapping band
        services.approval_rule_set(
            actor=admin,
            programme=money.programme,
            min_amount=D("100"),
            max_amount=D("200"),
            approver_body_kind=BodyKind.CLUSTER_WORKING_GROUP,
            approver_role=Role.CLUSTER_WORKING_GROUP_MEMBER,
        )
    with pytest.raises(PermissionDenied):
        services.approval_rule_set(
            actor=money.staff,
            programme=money.housing,
            min_amount=D("0"),
            max_amount=None,
            approver_body_kind=BodyKind.CLUSTER_WORKING_GROUP,
            approver_role=Role.CLUSTER_WORKING_GROUP_MEMBER,
        )


def test_approval_rule_dated_and_adopted_by_a_resolution(money: Money) -> None:
    """Rules may hold for a period and cite the resolution that adopted them (the demo's FY2566 rule):
    bands of different periods may share amounts, overlapping periods may not, and the authority
    module answers by the decision's date."""
    import datetime as dt

    from chumchon.accounts.models import Role
    from chumchon.budgets.services.ledger import approval_subject
    from chumchon.meetings import authority
    from chumchon.organizations.models import BodyKind

    admin = type(money.staff).objects.create_superuser("boss", password="x")
    adopted = money.resolution(money.regional, number="5/2565")
    money.programme.approval_rules.all().delete()
    services.approval_rule_set(
        actor=admin,
        programme=money.programme,
        min_amount=D("0"),
        max_amount=None,
        approver_body_kind=BodyKind.PROJECT_REVIEW_WORKING_GROUP,
        approver_role=Role.REGIONAL_SUBCOMMITTEE_MEMBER,
        valid_until=dt.date(2022, 9, 30),
    )
    rule = services.approval_rule_set(
        actor=admin,
        programme=money.programme,
        min_amount=D("0"),
        max_amount=None,
        approver_body_kind=BodyKind.CLUSTER_WORKING_GROUP,
        approver_role=Role.CLUSTER_WORKING_GROUP_MEMBER,
        valid_from=dt.date(2022, 10, 1),
        resolution=adopted,
    )
    assert (rule.valid_from, rule.resolution_id) == (dt.date(2022, 10, 1), adopted.pk)

    def deciding(on: dt.date) -> str:
        subject = approval_subject(programme=money.programme, amount=D("100000"), province_code="24", on=on)
        return authority.authority_for(subject).approver_body_kind

    assert deciding(dt.date(2022, 9, 20)) == BodyKind.PROJECT_REVIEW_WORKING_GROUP
    assert deciding(dt.date(2022, 10, 20)) == BodyKind.CLUSTER_WORKING_GROUP
    with pytest.raises(ValidationError):  # the same band over an overlapping period
        services.approval_rule_set(
            actor=admin,
            programme=money.programme,
            min_amount=D("0"),
            max_amount=D("100"),
            approver_body_kind=BodyKind.CLUSTER_WORKING_GROUP,
            approver_role=Role.CLUSTER_WORKING_GROUP_MEMBER,
            valid_from=dt.date(2022, 9, 1),
            valid_until=dt.date(2022, 12, 31),
        )
    with pytest.raises(ValidationError):  # a period that ends before it starts
        services.approval_rule_set(
            actor=admin,
            programme=money.programme,
            min_amount=D("0"),
            max_amount=None,
            approver_body_kind=BodyKind.CLUSTER_WORKING_GROUP,
            approver_role=Role.CLUSTER_WORKING_GROUP_MEMBER,
            valid_from=dt.date(2030, 1, 1),
            valid_until=dt.date(2029, 1, 1),
        )
