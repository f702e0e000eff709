"""The full-text index over SearchDocument's words, per database (see chumchon.search.fts), as it was first
created (frozen here: migration 0004 re-creates it with the scope column)."""

from typing import Any

from django.db import migrations

TABLE = "search_searchdocument"

SQLITE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
    title_words, body_words, content='{TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 0'
)""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO search_fts(rowid, title_words, body_words) VALUES (new.id, new.title_words, new.body_words);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_words, body_words)
        VALUES ('delete', old.id, old.title_words, old.body_words);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_words, body_words)
        VALUES ('delete', old.id, old.title_words, old.body_words);
        INSERT INTO search_fts(rowid, title_words, body_words) VALUES (new.id, new.title_words, new.body_words);
    END""",
]

POSTGRES = [
    f"""ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_words), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_words), 'B')
    ) STORED""",
    f"CREATE INDEX IF NOT EXISTS search_document_vector_gin ON {TABLE} USING GIN (search_vector)",
]


def create(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for sql in SQLITE if vendor == "sqlite" else POSTGRES if vendor == "postgresql" else []:
        schema_editor.execute(sql)


def drop(apps: Any, schema_editor: Any) -> None:
    from chumchon.search import fts

    fts.drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
