"""Issue acceptance: racing approvals and disbursements never overspend (PostgreSQL row locks).

Each worker thread has its own database connection (Django opens one per thread) and closes it
at the end. All workers wait at a barrier and then hit the same (programme, province) balance at
once; the ``select_for_update`` on ``FundBalance`` in every money service is what serialises them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from chumchon.budgets import services
from chumchon.budgets.models import FundBalance
from chumchon.budgets.selectors import holder_funds as project_funds
from chumchon.budgets.services import InsufficientFunds, OverDisbursement
from chumchon.budgets.tests.conftest import Money, allocate_directly, make_project

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
WORKERS = 24
D = Decimal


def race(work: Callable[[int], Any], expected_refusal: type[Exception]) -> tuple[int, int, list[BaseException]]:
    """Run ``work(i)`` in WORKERS threads released together; count successes and refusals."""
    barrier = threading.Barrier(WORKERS)
    lock = threading.Lock()
    counts = {"ok": 0, "refused": 0}
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(i)
            with lock:
                counts["ok"] += 1
        except expected_refusal:
            with lock:
                counts["refused"] += 1
        except BaseException as exc:  # anything else fails the test below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return counts["ok"], counts["refused"], errors


def test_racing_commits_never_overspend(areas_loaded: None, money: Money) -> None:
    # 1,000,000 baht; 24 projects each asking 95,000 → exactly 10 fit (950,000), 14 must be refused.
    allocate_directly(money.programme, "24", D("1000000"))
    projects = [make_project(programme=money.programme, title=f"โครงการ {i}") for i in range(WORKERS)]
    resolution = money.resolution(money.cluster_wg, actor=money.approver)

    def commit(i: int) -> None:
        services.funds_commit(
            programme=money.programme,
            province_code="24",
            holder=projects[i],
            amount=D("95000"),
            actor=money.approver,
            resolution=resolution,
        )

    ok, refused, errors = race(commit, InsufficientFunds)
    assert errors == []
    assert (ok, refused) == (10, 14)
    balance = FundBalance.objects.get(programme=money.programme, province_code="24")
    assert balance.committed == D("950000") <= balance.allocated
    assert services.ledger_check(money.programme) == []


def test_racing_disbursements_never_exceed_the_approved_amount(areas_loaded: None, money: Money) -> None:
    # One project approved for 100,000; 24 clerks each try to pay a 7,000 tranche → 14 fit (98,000).
    allocate_directly(money.programme, "24", D("1000000"))
    project = make_project(programme=money.programme)
    resolution = money.resolution(money.cluster_wg, actor=money.approver)
    services.funds_commit(
        programme=money.programme,
        province_code="24",
        holder=project,
        amount=D("100000"),
        actor=money.approver,
        resolution=resolution,
    )

    ok, refused, errors = race(
        lambda i: services.funds_disburse(holder=project, amount=D("7000"), actor=money.staff, tranche_no=i + 1),
        OverDisbursement,
    )
    assert errors == []
    assert (ok, refused) == (14, 10)
    funds = project_funds(project)
    assert funds.disbursed == D("98000") <= funds.committed
    assert services.ledger_check(money.programme) == []


def test_mixed_race_of_commits_and_disbursements(areas_loaded: None, money: Money) -> None:
    # Half the workers commit 60,000 to new projects from 300,000 (→ 5 fit); the other half pay
    # 9,000 tranches of a project approved for 50,000 (→ 5 fit). Both touch the same balance row.
    allocate_directly(money.programme, "24", D("350000"))
    funded = make_project(programme=money.programme)
    resolution = money.resolution(money.cluster_wg, actor=money.approver)
    services.funds_commit(
        programme=money.programme,
        province_code="24",
        holder=funded,
        amount=D("50000"),
        actor=money.approver,
        resolution=resolution,
    )
    projects = [make_project(programme=money.programme) for _ in range(WORKERS)]

    def work(i: int) -> None:
        if i % 2:
            services.funds_disburse(holder=funded, amount=D("9000"), actor=money.staff, tranche_no=i)
        else:
            services.funds_commit(
                programme=money.programme,
                province_code="24",
                holder=projects[i],
                amount=D("60000"),
                actor=money.approver,
                resolution=resolution,
            )

    ok, refused, errors = race(work, (InsufficientFunds, OverDisbursement))  # type: ignore[arg-type]
    assert errors == []
    assert (ok, refused) == (10, 14)
    balance = FundBalance.objects.get(programme=money.programme, province_code="24")
    assert balance.committed == D("350000") and balance.disbursed == D("45000")
    assert services.ledger_check(money.programme) == []
