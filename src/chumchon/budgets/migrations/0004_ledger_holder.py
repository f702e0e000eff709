"""The ledger forgets ``projects.Project``: ``LedgerEntry.project`` (a foreign key up the layers)
becomes a generic reference (``holder_type`` + ``holder_id``). Every row keeps its link: the
project id moves to ``holder_id`` with the content type of ``projects.project``."""

import django.db.models.deletion
from django.db import migrations, models


def project_to_holder(apps, schema_editor):
    LedgerEntry = apps.get_model("budgets", "LedgerEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not LedgerEntry.objects.filter(project__isnull=False).exists():
        return
    project_type, _ = ContentType.objects.get_or_create(app_label="projects", model="project")
    LedgerEntry.objects.filter(project__isnull=False).update(holder_type=project_type, holder_id=models.F("project_id"))


def holder_to_project(apps, schema_editor):
    LedgerEntry = apps.get_model("budgets", "LedgerEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    project_type = ContentType.objects.filter(app_label="projects", model="project").first()
    if project_type is not None:
        LedgerEntry.objects.filter(holder_type=project_type).update(project_id=models.F("holder_id"))


class Migration(migrations.Migration):

    dependencies = [
        ("budgets", "0003_approvalrule_outside_cluster_body_kind_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0003_projectindicator_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="ledgerentry",
            name="holder_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="holder"),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="holder_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="holder type",
            ),
        ),
        migrations.RunPython(project_to_holder, holder_to_project),
        migrations.RemoveIndex(model_name="ledgerentry", name="budgets_led_project_8c9a0f_idx"),
        migrations.RemoveField(model_name="ledgerentry", name="project"),
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(fields=["holder_type", "holder_id", "kind"], name="budgets_led_holder_kind_idx"),
        ),
    ]
