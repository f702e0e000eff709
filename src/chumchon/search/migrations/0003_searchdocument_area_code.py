"""A copy of the area's code on each search document, so the permission filter needs no join; the title
and text as cut into words at index time, so highlighting needs no segmentation (filled by the next
``search-reindex``; until then the page cuts at read time)."""

from typing import Any

from django.db import migrations, models


def backfill(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(
        "UPDATE search_searchdocument SET area_code = "
        "(SELECT code FROM areas_area WHERE areas_area.id = search_searchdocument.area_id) "
        "WHERE area_id IS NOT NULL"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index"), ("areas", "0002_area_search_name_en")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="area_code",
            field=models.CharField(
                blank=True, db_default="", db_index=True, default="", max_length=8, verbose_name="area code"
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="title_cut",
            field=models.TextField(blank=True, db_default="", default="", verbose_name="title cut into words"),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="body_cut",
            field=models.TextField(blank=True, db_default="", default="", verbose_name="text cut into words"),
        ),
        # On SQLite adding a column rebuilds the table, which drops the full-text triggers: 0004 re-creates them.
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
