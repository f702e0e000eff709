# ApiToken now belongs to accounts (accounts.0002_apitoken); the table stays, only the state leaves.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0001_initial"),
        ("accounts", "0002_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="ApiToken")],
        ),
    ]
