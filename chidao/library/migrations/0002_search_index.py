"""The full-text index of the library on SQLite: an FTS5 table whose rowid is the document's id,
filled by the service in the same transaction as the document. PostgreSQL's index is migration 0004
(a stored tsvector on the text table of 0003). See docs/performance.md.
"""

from django.db import migrations

FTS_TABLE = "library_document_fts"


def create_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(body, tokenize='unicode61', prefix='2 3')"
        )


def drop_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
