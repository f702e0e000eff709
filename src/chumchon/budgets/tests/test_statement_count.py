"""Issue 16 item 3: the money path is lean — at most six SQL statements per ledger operation.

Counted as Django's ``CaptureQueriesContext`` counts them, transaction control included (here,
inside the test's transaction, the entry point's SAVEPOINT and RELEASE; on its own, BEGIN and
COMMIT). Every check is still made — permission, authority (the rule table, the deciding body),
state and no overspend: the refusals below prove it on the same warm actor. Grants and approval
rules are computed once per actor (the first operation of an actor pays for them), not per
operation. Runs on SQLite and on PostgreSQL (CI runs both).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chumchon.budgets import services
from chumchon.budgets.error_codes import BudgetErrorCode
from chumchon.budgets.models import ApprovalRule, Programme
from chumchon.budgets.services import BudgetError, InsufficientFunds, OverDisbursement
from chumchon.budgets.tests.conftest import Money, allocate_directly, make_project

pytestmark = pytest.mark.django_db
D = Decimal
LIMIT = 6


def sql(ctx: CaptureQueriesContext) -> str:
    return "\n".join(q["sql"] for q in ctx.captured_queries)


@pytest.fixture
def ready(money: Money) -> tuple[Money, list[Any], Any]:
    allocate_directly(money.programme, "24", D("1000000"))
    projects = [make_project(programme=money.programme, title=f"p{i}") for i in range(4)]
    resolution = money.resolution(money.cluster_wg, actor=money.approver)
    return money, projects, resolution


def commit(money: Money, project: Any, resolution: Any, amount: str = "100000", actor: Any = None) -> Any:
    return services.funds_commit(
        programme=money.programme,
        province_code="24",
        holder=project,
        amount=D(amount),
        actor=actor or money.approver,
        resolution=resolution,
    )


@pytest.mark.django_db(transaction=True)
def test_commit_and_disburse_take_at_most_six_statements(
    areas_loaded: None, ready: tuple[Money, list[Any], Any]
) -> None:
    """Counted as in production, each operation its own transaction (BEGIN … COMMIT), with what runs once it
    commits: the public portal's data version moves on (``portal.pagecache``, one UPDATE) so the cached
    public pages show the new figures."""
    money, projects, resolution = ready
    commit(money, projects[0], resolution)  # the actor's first operation computes its grants and rules
    services.funds_disburse(holder=projects[0], amount=D("1000"), actor=money.staff, tranche_no=1)
    with CaptureQueriesContext(connection) as ctx:
        commit(money, projects[1], resolution)
    assert len(ctx.captured_queries) <= LIMIT, sql(ctx)
    assert "core_dataversion" in sql(
        ctx
    )  # the bump ran (the portal's public version with the apps written), and is counted
    with CaptureQueriesContext(connection) as ctx:
        services.funds_disburse(holder=projects[1], amount=D("40000"), actor=money.staff, tranche_no=1)
    assert len(ctx.captured_queries) <= LIMIT, sql(ctx)
    assert services.ledger_check(money.programme) == []


def test_the_first_operation_of_an_actor_pays_for_its_grants_and_rules_once(
    ready: tuple[Money, list[Any], Any],
) -> None:
    money, projects, resolution = ready
    with CaptureQueriesContext(connection) as cold:
        commit(money, projects[0], resolution)
    with CaptureQueriesContext(connection) as warm:
        commit(money, projects[1], resolution)
    assert len(warm.captured_queries) <= LIMIT < len(cold.captured_queries), sql(cold)
    # A new rule is seen by the next operation (the memo is dropped when rules change).
    ApprovalRule.objects.filter(programme=money.programme).update(max_amount=D("50000"))
    ApprovalRule.objects.get(programme=money.programme).save()
    with pytest.raises(BudgetError):
        commit(money, projects[2], resolution)


def test_every_check_is_still_made_on_a_warm_actor(ready: tuple[Money, list[Any], Any]) -> None:
    money, projects, resolution = ready
    commit(money, projects[0], resolution)
    # Overspend: refused, nothing written.
    with pytest.raises(InsufficientFunds):
        commit(money, projects[1], resolution, amount="900000.01")
    # Permission: a cluster working group member of another cluster may not commit in province 24.
    with pytest.raises(PermissionDenied):
        commit(money, projects[1], resolution, actor=money.outsider)
    # Authority: a resolution of a body without authority (the regional subcommittee) is refused.
    other = money.resolution(money.regional, actor=money.staff, number="2/2565")
    with pytest.raises((BudgetError, ValueError)):
        commit(money, projects[1], other)
    # State: a holder with no commitment cannot be paid, nor paid beyond what was committed.
    with pytest.raises(BudgetError):
        services.funds_disburse(holder=projects[2], amount=D("1"), actor=money.staff)
    with pytest.raises(OverDisbursement):
        services.funds_disburse(holder=projects[0], amount=D("100000.01"), actor=money.staff)
    # Permission to disburse: the approver holds no PROJECT_DISBURSE.
    with pytest.raises(PermissionDenied):
        services.funds_disburse(holder=projects[0], amount=D("1"), actor=money.approver)
    # Another programme for the same holder.
    other_programme = Programme.objects.create(code="ECON2", fiscal_year=2565, name_th="อื่น", kind="economy")
    rule = ApprovalRule.objects.get(programme=money.programme)
    rule.pk, rule.programme = None, other_programme
    rule.save()
    allocate_directly(other_programme, "24", D("1000"))
    with pytest.raises(BudgetError) as exc:
        services.funds_commit(
            programme=other_programme,
            province_code="24",
            holder=projects[0],
            amount=D("10"),
            actor=money.approver,
            resolution=resolution,
        )
    assert exc.value.code == BudgetErrorCode.OTHER_PROGRAMME
    services.funds_disburse(holder=projects[0], amount=D("100000"), actor=money.staff)
    assert services.programme_remaining(programme=money.programme, province_code="24") == D("900000")
    assert services.ledger_check(money.programme) == []
