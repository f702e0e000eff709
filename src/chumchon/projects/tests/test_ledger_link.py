"""The project ↔ ledger link lives on the projects side: the ledger holds a generic reference,
``Project.ledger_entries`` reads it, and a project with money in the ledger cannot be deleted
(the ledger is append-only)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from chumchon.budgets.models import LedgerEntry, LedgerKind
from chumchon.budgets.services import ledger_check
from chumchon.projects.models import Project

from .conftest import World

pytestmark = pytest.mark.django_db


def test_project_reads_its_ledger_entries_and_cannot_be_deleted(world: World) -> None:
    project = world.to_in_progress(world.project())
    kinds = sorted(project.ledger_entries.values_list("kind", flat=True))
    assert kinds == [LedgerKind.COMMIT, LedgerKind.DISBURSE]
    assert LedgerEntry.objects.filter(project=project).count() == 2  # the query name, as before
    assert LedgerEntry.objects.of_holder(project).count() == 2
    with pytest.raises(ProtectedError), transaction.atomic():
        project.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Project.objects.filter(pk=project.pk).delete()
    assert LedgerEntry.objects.filter(project=project).count() == 2
    assert ledger_check(world.programme) == []


def test_a_project_without_money_can_still_be_deleted(world: World) -> None:
    project = world.project()
    project.delete()
    assert not Project.objects.filter(pk=project.pk).exists()
