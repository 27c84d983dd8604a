"""A GIN index for the full-text match the site search runs on PostgreSQL.

modelsearch indexes ``title`` and ``body`` separately, but matches on
``title || body``; without an index on that expression every search reads and
concatenates every index entry. Other databases have their own full-text index.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))")
        # Statistics for the new expression, so the planner knows how many entries a match returns.
        schema_editor.execute(f"ANALYZE {table}")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_synonyms_and_unanswered_searches"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
