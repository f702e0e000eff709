"""The shape of projects' writes: every entry point a view, the API or a job calls is a durable
transaction; its ``*_in_transaction`` form nests inside a caller's (the demo, the progress import),
and the life cycle moves money and records resolutions through the nestable forms of budgets and
meetings."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction

from chumchon.budgets.models import FundBalance, LedgerEntry, LedgerKind
from chumchon.core.tests.durability import atomic_of, is_durable
from chumchon.meetings.models import Resolution
from chumchon.projects import services
from chumchon.projects.imports import progress_import
from chumchon.projects.models import ProgressReport, Project, ProjectStatus

from .conftest import World, state

PROJECTS = Path(__file__).resolve().parents[1]

# What the views (and later the API and jobs) call: each must be its own durable transaction.
ENTRY_POINTS = [
    "project_create",
    "project_update",
    "budget_line_add",
    "budget_line_update",
    "budget_line_delete",
    "co_funding_add",
    "co_funding_delete",
    "indicator_add",
    "indicator_delete",
    "activity_add",
    "activity_delete",
    "attachment_add",
    "project_submit",
    "project_screen",
    "project_return",
    "project_approve",
    "project_reject",
    "project_sign_agreement",
    "project_disburse",
    "project_close",
    "project_cancel",
    "project_report_progress",
]
# Those the demo or the progress import also run inside their own transaction.
NESTED = [
    "project_create",
    "co_funding_add",
    "indicator_add",
    "project_submit",
    "project_screen",
    "project_return",
    "project_approve",
    "project_reject",
    "project_sign_agreement",
    "project_disburse",
    "project_close",
    "project_cancel",
    "project_report_progress",
]


# ---------------------------------------------------------------------------------------------
# Which functions are durable


def test_every_entry_point_is_durable_and_every_in_transaction_form_is_not() -> None:
    assert [n for n in ENTRY_POINTS if not is_durable(getattr(services, n))] == []
    nestable = [getattr(services, f"{n}_in_transaction") for n in NESTED]
    assert all(atomic_of(fn) is not None for fn in nestable)  # still atomic: a savepoint of the caller's
    assert not any(is_durable(fn) for fn in nestable)


def test_every_transactional_public_name_reads_the_one_way() -> None:
    """In the public API, a transactional write is durable unless its name ends ``_in_transaction``,
    and every ``_in_transaction`` form stands beside a durable entry point of the same name."""
    wrong = []
    for name in services.__all__:
        atomic = atomic_of(getattr(services, name))
        if atomic is None:
            continue
        if atomic.durable == name.endswith("_in_transaction"):
            wrong.append(name)
        if name.endswith("_in_transaction") and not is_durable(getattr(services, name.removesuffix("_in_transaction"))):
            wrong.append(name)
    assert wrong == []


def test_the_demo_and_the_import_call_only_nestable_forms() -> None:
    """core.demo runs every step in one transaction and the import runs all rows in one: neither
    may call a durable entry point (it would raise inside their block)."""
    offenders = []
    for module in ("demo.py", "imports.py"):
        tree = ast.parse((PROJECTS / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                fn = getattr(services, name, None)
                if fn is not None and is_durable(fn):
                    offenders.append(f"{module}: {name}")
    assert offenders == []


def test_the_life_cycle_moves_money_and_records_resolutions_through_nestable_forms() -> None:
    """A transition is one durable transaction; the ledger and resolution writes inside it must nest."""
    from chumchon.budgets import services as budget_services
    from chumchon.meetings import services as meeting_services

    source = (PROJECTS / "services" / "lifecycle.py").read_text(encoding="utf-8")
    called = {
        node.func.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    for module in (budget_services, meeting_services):
        assert [n for n in called if is_durable(getattr(module, n, None) or (lambda: None))] == []
    assert {"funds_commit_in_transaction", "resolution_record_in_transaction"} <= called


# ---------------------------------------------------------------------------------------------
# Nesting, with Django's durability check on. A transactional test keeps it (the ordinary ``db``
# fixture relaxes it), so nesting a durable entry point fails here as it would in production.


@pytest.mark.django_db(transaction=True)
def test_entry_points_refuse_to_nest_and_their_in_transaction_forms_nest(areas_loaded: None, world: World) -> None:
    project = world.project()
    before = state(project)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.project_submit(project=project, actor=world.secretary)
    assert state(project) == before
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        world.project(title_th="ไม่ควรถูกสร้าง")
    assert not Project.objects.filter(title_th="ไม่ควรถูกสร้าง").exists()

    # The whole way to "approved" inside one caller's transaction, as the demo runs it: the approval
    # records its resolution and commits the money through the nestable forms of meetings and budgets.
    with transaction.atomic():
        services.project_submit_in_transaction(project=project, actor=world.secretary)
        services.project_screen_in_transaction(project=project, actor=world.screener)
        services.project_approve_in_transaction(project=project, actor=world.approver, **world.decision())
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    assert project.approval_resolution is not None and Resolution.objects.count() == 1
    assert LedgerEntry.objects.of_holder(project).get(kind=LedgerKind.COMMIT).amount == Decimal("100000.00")


@pytest.mark.django_db(transaction=True)
def test_each_entry_point_runs_on_its_own_with_durability_checked(areas_loaded: None, world: World) -> None:
    """The conftest's helpers call the durable entry points one after another, as the pages do."""
    project = world.to_in_progress(world.project(), tranche="40000")
    services.project_report_progress(
        project=project, actor=world.secretary, progress_pct=100, spent_amount=40000, is_final=True
    )
    services.project_close(project=project, actor=world.staff)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED
    balance = FundBalance.objects.get(programme=world.programme, province_code="24")
    assert (balance.committed, balance.disbursed) == (Decimal("40000.00"), Decimal("40000.00"))


@pytest.mark.django_db(transaction=True)
def test_the_progress_import_is_one_durable_transaction_of_nested_reports(
    areas_loaded: None, world: World, tmp_path: Path
) -> None:
    project = world.to_in_progress(world.project(), tranche="50000")
    path = tmp_path / "p.csv"
    path.write_text(
        f"project_id,reported_on,progress_pct,spent_amount\n{project.pk},2022-06-15,40,1000\n", encoding="utf-8"
    )
    result = progress_import(path=path, actor=world.secretary, filename="p.csv")
    assert result.ok and result.created == 1
    assert ProgressReport.objects.filter(project=project).count() == 1
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        progress_import(path=path, actor=world.secretary, filename="p.csv")
    assert ProgressReport.objects.filter(project=project).count() == 1
