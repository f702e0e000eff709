"""budgets 0004 moves ``LedgerEntry.project`` (a foreign key up the layers) to a generic holder:
every ledger row stays, each keeps its project, and the ledger still balances afterwards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from chumchon.core.tests.migrating import back_to_latest, migrate

__all__ = ["back_to_latest"]  # the fixture, imported for pytest

BEFORE = [
    ("budgets", "0003_approvalrule_outside_cluster_body_kind_and_more"),
    ("projects", "0003_projectindicator_code"),
]
AFTER = [("budgets", "0004_ledger_holder")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_ledger_rows_keep_their_project_and_balance() -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    Area = old.get_model("areas", "Area")
    Body = old.get_model("organizations", "Body")
    Programme = old.get_model("budgets", "Programme")
    Project = old.get_model("projects", "Project")
    LedgerEntry = old.get_model("budgets", "LedgerEntry")
    FundBalance = old.get_model("budgets", "FundBalance")

    province = Area.objects.filter(code="24").first() or Area.objects.create(
        code="24", level="province", name_th="ฉะเชิงเทรา", search_name="ฉะเชิงเทรา"
    )
    body = Body.objects.create(kind="tambon_council", name_th="สภาองค์กรชุมชน", area=province)
    programme = Programme.objects.create(code="P", fiscal_year=2565, name_th="แผนงาน")
    projects = [
        Project.objects.create(programme=programme, area=province, proposer=body, title_th=f"โครงการ {i}")
        for i in range(3)
    ]
    rows = [
        ("allocate", Decimal("500000"), None),
        ("commit", Decimal("100000"), projects[0]),
        ("commit", Decimal("50000"), projects[1]),
        ("disburse", Decimal("60000"), projects[0]),
        ("refund", Decimal("10000"), projects[0]),
        ("release", Decimal("-50000"), projects[1]),
        ("commit", Decimal("20000"), projects[2]),
    ]
    for kind, amount, project in rows:
        LedgerEntry.objects.create(programme=programme, province_code="24", kind=kind, amount=amount, project=project)
    FundBalance.objects.create(
        programme=programme,
        province_code="24",
        allocated=Decimal("500000"),
        committed=Decimal("120000"),
        disbursed=Decimal("60000"),
        refunded=Decimal("10000"),
    )
    before = list(LedgerEntry.objects.order_by("id").values_list("id", "kind", "amount", "project_id"))

    try:
        migrate(AFTER)
        from django.contrib.contenttypes.models import ContentType

        from chumchon.budgets.models import LedgerEntry as NewEntry
        from chumchon.budgets.models import Programme as NewProgramme
        from chumchon.budgets.services import ledger_check
        from chumchon.projects.models import Project as NewProject

        after = list(NewEntry.objects.order_by("id").values_list("id", "kind", "amount", "holder_id"))
        assert after == before  # every row, in order, with its project's id
        project_type = ContentType.objects.get_for_model(NewProject)
        assert set(NewEntry.objects.filter(holder_id__isnull=False).values_list("holder_type", flat=True)) == {
            project_type.pk
        }
        first = NewProject.objects.get(pk=projects[0].pk)
        assert sorted(NewEntry.objects.filter(project=first).values_list("kind", flat=True)) == [
            "commit",
            "disburse",
            "refund",
        ]
        assert ledger_check(NewProgramme.objects.get(pk=programme.pk)) == []
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
