from typing import Any

from django.db import migrations, models


def drop(apps: Any, schema_editor: Any) -> None:
    """The triggers name the tally: SQLite's rebuild of the table for the new columns fails while they exist."""
    from chumchon.projects import tally

    tally.drop_triggers(schema_editor.connection)


def keep(apps: Any, schema_editor: Any) -> None:
    """The tally's triggers with the money of the projects awaiting a payout; the tally rebuilt with it."""
    from chumchon.projects import tally

    connection = schema_editor.connection
    tally.create_triggers(connection, kept=True, awaiting=True)
    with connection.cursor() as cursor:
        for sql in tally.rebuild_sql(kept=True, awaiting=True):
            cursor.execute(sql)


def unkeep(apps: Any, schema_editor: Any) -> None:
    """Migration 0007's triggers again (its columns still hold their figures)."""
    from chumchon.projects import tally

    tally.create_triggers(schema_editor.connection, kept=True, awaiting=False)


def money(name: str, label: str) -> Any:
    return migrations.AddField(
        model_name="projecttally", name=name, field=models.BigIntegerField(default=0, verbose_name=label)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0007_kept_progress"),
    ]

    operations = [
        migrations.RunPython(drop, unkeep),
        money("to_disburse_requested", "requested of those (satang)"),
        money("to_disburse_approved", "approved of those (satang)"),
        money("to_disburse_disbursed", "disbursed of those (satang)"),
        money("to_disburse_spent", "spent of those (satang)"),
        money("to_disburse_weighted", "approved × progress of those"),
        migrations.RunPython(keep, drop),
    ]
