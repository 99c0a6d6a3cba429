"""The full-text index of the library, one per database (see docs/performance.md).

SQLite: an FTS5 table whose rowid is the document's id, filled by the service in the same
transaction as the document. PostgreSQL: a stored generated column search_vector =
to_tsvector('simple', search_text) with a GIN index; search_text already holds accent-free words, so
the 'simple' configuration is accent-insensitive (no unaccent extension, no superuser needed).
"""

from django.db import migrations

FTS_TABLE = "library_document_fts"


def create_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(body, tokenize='unicode61', prefix='2 3')"
        )
    elif vendor == "postgresql":
        # Stored, so a row's filter never re-parses its text (the planner may walk the date index).
        schema_editor.execute(
            "ALTER TABLE library_librarydocument ADD COLUMN IF NOT EXISTS search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS library_doc_fts_idx ON library_librarydocument USING GIN (search_vector)"
        )


def drop_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS library_doc_fts_idx")
        schema_editor.execute("ALTER TABLE library_librarydocument DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
