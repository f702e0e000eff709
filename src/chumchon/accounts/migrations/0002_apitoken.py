# The ApiToken model moves from the api app to accounts (one owner for API tokens). Its table
# keeps its name (Meta.db_table = "api_apitoken"), so no row moves: only Django's model state does.
# api.0001 (which made the table) is declared to run before this migration (its run_before), so
# accounts' migrations do not name the api app.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        ("prefix", models.CharField(db_index=True, max_length=8, verbose_name="key prefix")),
                        ("token_hash", models.CharField(editable=False, max_length=64, unique=True, verbose_name="key digest")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created at")),
                        ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="expires at")),
                        ("last_used_at", models.DateTimeField(blank=True, null=True, verbose_name="last used at")),
                        ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked at")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "API token",
                        "verbose_name_plural": "API tokens",
                        "ordering": ["-created_at"],
                        "db_table": "api_apitoken",
                    },
                ),
            ],
        ),
    ]
