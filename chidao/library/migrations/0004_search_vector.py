"""PostgreSQL's full-text index of the library: a stored generated column search_vector =
to_tsvector('simple', search_text) on the text table, with a GIN index. search_text already holds
accent-free words, so the 'simple' configuration is accent-insensitive (no unaccent extension, no
superuser needed). Stored, so no row's filter re-parses its text. SQLite's index is migration 0002.
"""

from django.db import migrations


def create_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE library_librarydocumenttext ADD COLUMN IF NOT EXISTS search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS library_doc_fts_idx ON library_librarydocumenttext USING GIN (search_vector)"
        )


def drop_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS library_doc_fts_idx")
        schema_editor.execute("ALTER TABLE library_librarydocumenttext DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("library", "0003_document_text")]

    operations = [migrations.RunPython(create_index, drop_index)]
