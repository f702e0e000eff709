# The body a role is held in moves up to organizations (BodyRoleAssignment). organizations.0002
# copies every link before this migration drops the column (its run_before names this migration).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_apitoken"),
    ]

    operations = [
        migrations.RemoveField(model_name="roleassignment", name="body"),
    ]
