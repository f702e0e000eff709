"""Scope tokens on each search document, indexed beside the words (``search.scope``): the full-text index
re-created with them (SQLite: a third FTS5 column, rebuilt from the documents; PostgreSQL: a generated
``scope_vector`` with its own GIN index). Existing documents get their tokens here, from ``area_code``."""

from typing import Any

from django.db import migrations, models


def backfill(apps: Any, schema_editor: Any) -> None:
    prefixes = " || ".join(
        f"CASE WHEN length(area_code) >= {n} THEN 'a' || substr(area_code, 1, {n}) || ' ' ELSE '' END"
        for n in range(1, 9)
    )
    schema_editor.execute(
        "UPDATE search_searchdocument SET scope_words = CASE WHEN scope_kind = 'area' AND area_code <> '' "
        f"THEN {prefixes} || 'e' || area_code ELSE 'wide' END"
    )


def recreate_index(apps: Any, schema_editor: Any) -> None:
    from chumchon.search import fts

    connection = schema_editor.connection
    if connection.vendor == "sqlite":  # FTS5 columns cannot be added: a new table, filled from the documents
        fts.drop_index(connection)
    fts.create_index(connection)
    fts.rebuild_sqlite(connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_searchdocument_area_code")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="scope_words",
            field=models.TextField(blank=True, db_default="", default="", verbose_name="scope words"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(recreate_index, migrations.RunPython.noop),
    ]
