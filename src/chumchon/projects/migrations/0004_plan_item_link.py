"""The placeholder integer ``plan_item_id`` becomes a real link to ``plans.PlanItem``.

The column keeps its name (``plan_item_id``) and its values: the field is renamed and then turned
into a foreign key, which Django does by altering the column in place (a table rebuild on SQLite).
A value that names no plan item (the placeholder was never enforced) could not satisfy the new
constraint; such values are cleared first, and the number is written into the project's timeline
so it is not lost.
"""

from django.db import migrations, models
import django.db.models.deletion


def clear_dangling(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    PlanItem = apps.get_model("plans", "PlanItem")
    ProjectEvent = apps.get_model("projects", "ProjectEvent")
    known = set(PlanItem.objects.values_list("pk", flat=True))
    for project in Project.objects.exclude(plan_item_id=None).only("pk", "plan_item_id", "status"):
        if project.plan_item_id in known:
            continue
        ProjectEvent.objects.create(
            project=project,
            action="note",
            from_status=project.status,
            to_status=project.status,
            comment=f"เลขรายการแผนเดิม / former plan item number: {project.plan_item_id}",
        )
        Project.objects.filter(pk=project.pk).update(plan_item_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_projectindicator_code"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(clear_dangling, migrations.RunPython.noop),
        migrations.RenameField(model_name="project", old_name="plan_item_id", new_name="plan_item"),
        migrations.AlterField(
            model_name="project",
            name="plan_item",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="projects",
                to="plans.planitem",
                verbose_name="plan item",
            ),
        ),
    ]
