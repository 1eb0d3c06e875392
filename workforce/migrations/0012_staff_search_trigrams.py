"""Trigram indexes for the staff directory's search (workforce/filters.py `filter_search`).

A search is `UPPER(column::text) LIKE UPPER('%word%')` on first name, last name and assignment
number; without an index that reads every row, twice per page (the rows and their count). A GIN
index of trigrams on each expression answers it from the index (pg_trgm, shipped with PostgreSQL,
a trusted extension since PostgreSQL 13: the database's owner may create it).

PostgreSQL only: SQLite, the embedded development database, has no such index and searches its
few rows as before. The indexes are not in the model state (Meta.indexes cannot say "PostgreSQL
only"), so nothing else refers to them by name.
"""

from django.db import migrations

COLUMNS = ["first_name", "last_name", "assignment_number"]


def index_name(column: str) -> str:
    return f"staff_{column}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(column)} ON workforce_staffmember "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(column)}")


class Migration(migrations.Migration):
    dependencies = [("workforce", "0011_stored_figure")]
    operations = [migrations.RunPython(create, drop)]
