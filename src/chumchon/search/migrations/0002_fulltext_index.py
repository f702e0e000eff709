"""The full-text index over SearchDocument's words, per database (see chumchon.search.fts)."""

from typing import Any

from django.db import migrations


def create(apps: Any, schema_editor: Any) -> None:
    from chumchon.search import fts

    fts.create_index(schema_editor.connection)


def drop(apps: Any, schema_editor: Any) -> None:
    from chumchon.search import fts

    fts.drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
