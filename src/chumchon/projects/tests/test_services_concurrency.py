"""Concurrent approvals on PostgreSQL: two approvals that together exceed a province's remaining
money race; the row locks let exactly one through, and the ledger stays within the allocation."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from chumchon.budgets.models import FundBalance
from chumchon.projects import services
from chumchon.projects.models import ProjectStatus

from .conftest import World

pytestmark = [pytest.mark.postgres_only]


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_overcommit(areas_loaded: None, world: World) -> None:
    first = world.to_screened(world.project(amount="300000"))
    second = world.to_screened(world.project(amount="300000", title_th="โครงการที่สอง"))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(project: Any) -> None:
        try:
            barrier.wait()
            services.project_approve(project=project, actor=world.approver, **world.decision())
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(p,)) for p in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    balance = FundBalance.objects.get(programme=world.programme, province_code="24")
    assert balance.committed == Decimal("300000.00") <= balance.allocated
    first.refresh_from_db()
    second.refresh_from_db()
    assert sorted([first.status, second.status]) == sorted([ProjectStatus.APPROVED, ProjectStatus.SCREENED])
