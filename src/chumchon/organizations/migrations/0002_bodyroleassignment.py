# The body a role assignment is held in moves from accounts.RoleAssignment.body (a relation up the
# layers) to organizations.BodyRoleAssignment. Every existing link is copied before accounts.0003
# drops the column (run_before); reversing copies the links back.

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    BodyRoleAssignment = apps.get_model("organizations", "BodyRoleAssignment")
    links = [
        BodyRoleAssignment(assignment_id=pk, body_id=body_id)
        for pk, body_id in RoleAssignment.objects.filter(body__isnull=False).values_list("pk", "body_id").iterator()
    ]
    BodyRoleAssignment.objects.bulk_create(links, batch_size=1000)


def copy_links_back(apps, schema_editor):
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    BodyRoleAssignment = apps.get_model("organizations", "BodyRoleAssignment")
    for assignment_id, body_id in BodyRoleAssignment.objects.values_list("assignment_id", "body_id").iterator():
        RoleAssignment.objects.filter(pk=assignment_id).update(body_id=body_id)


class Migration(migrations.Migration):

    dependencies = [
        ("organizations", "0001_initial"),
        ("accounts", "0002_apitoken"),
    ]

    run_before = [
        ("accounts", "0003_remove_roleassignment_body"),
    ]

    operations = [
        migrations.CreateModel(
            name="BodyRoleAssignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "assignment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="body_link",
                        to="accounts.roleassignment",
                        verbose_name="role assignment",
                    ),
                ),
                (
                    "body",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="role_links",
                        to="organizations.body",
                        verbose_name="body",
                    ),
                ),
            ],
            options={
                "verbose_name": "role held in a body",
                "verbose_name_plural": "roles held in bodies",
            },
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
