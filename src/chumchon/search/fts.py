"""The full-text index itself, per database: what migration 0002 creates and what ``selectors`` query.

SQLite: an FTS5 virtual table ``search_fts`` over the document table (external content, so the words
are stored once), kept in step by three triggers; the ``unicode61`` tokenizer splits on the spaces the
segmenter put between words and keeps Thai vowel and tone marks. Ranking: ``bm25`` with the title
weighted above the text. A third column holds the scope tokens (``search.scope``); queries match the
words in the first two columns only.

PostgreSQL: a generated ``tsvector`` column ``search_vector`` ('simple' configuration over the same
words: no stemming, no stop words; title weight A, text weight B) with a GIN index, and a generated
``scope_vector`` over the scope tokens with its own GIN index. Ranking: ``ts_rank``.
"""

from __future__ import annotations

from typing import Any

TABLE = "search_searchdocument"

SQLITE_TABLE = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
    title_words, body_words, scope_words,
    content='{TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 0'
)
"""

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO search_fts(rowid, title_words, body_words, scope_words)
        VALUES (new.id, new.title_words, new.body_words, new.scope_words);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_words, body_words, scope_words)
        VALUES ('delete', old.id, old.title_words, old.body_words, old.scope_words);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_words, body_words, scope_words)
        VALUES ('delete', old.id, old.title_words, old.body_words, old.scope_words);
        INSERT INTO search_fts(rowid, title_words, body_words, scope_words)
        VALUES (new.id, new.title_words, new.body_words, new.scope_words);
    END""",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_CREATE = [
    f"""ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_words), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_words), 'B')
    ) STORED""",
    f"CREATE INDEX IF NOT EXISTS search_document_vector_gin ON {TABLE} USING GIN (search_vector)",
    f"""ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS scope_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, scope_words)
    ) STORED""",
    f"CREATE INDEX IF NOT EXISTS search_document_scope_gin ON {TABLE} USING GIN (scope_vector)",
]

POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_document_scope_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS scope_vector",
    "DROP INDEX IF EXISTS search_document_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def create_index(connection: Any) -> None:
    """Create the full-text index (idempotent). On SQLite also re-creates the triggers, which a table
    rebuild by a later ``AlterField`` migration would drop (``SearchConfig`` calls this after every migrate)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_TABLE)
            for sql in SQLITE_TRIGGERS:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            for sql in POSTGRES_CREATE:
                cursor.execute(sql)


def drop_index(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in (
            SQLITE_DROP if connection.vendor == "sqlite" else POSTGRES_DROP if connection.vendor == "postgresql" else []
        ):
            cursor.execute(sql)


def rebuild_sqlite(connection: Any) -> None:
    """Rebuild the FTS5 index from the document table (after a table rebuild lost the triggers' writes)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
