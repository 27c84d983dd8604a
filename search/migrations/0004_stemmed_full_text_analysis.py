"""One analysis of the indexed text on both databases: stemmed, every word kept (search/analysis.py).

SQLite: modelsearch's migration made the FTS5 table with the default tokenizer (no stemming); it is
made again with ``porter unicode61`` and filled from the index entries' text, which is kept whole.
PostgreSQL: the text search configuration ctq_english (English Snowball stems, no stop words) and
the index entries' vectors made again with it from their plain text. Per-field weights come back
with the next ``update_index``; until then titles still weigh A and the rest D, and search works.
"""

from django.db import migrations

from search.analysis import TEXT_SEARCH_CONFIG

TOKENIZERS = {"stemmed": "porter unicode61 remove_diacritics 2", "default": "unicode61"}


def fts_table(apps):
    return apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table + "_fts"


def remake_fts(apps, schema_editor, tokenizer):
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    table = fts_table(apps)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [table])
        if not cursor.fetchone():
            return  # SQLite without FTS5: modelsearch made no table
    schema_editor.execute(f"DROP TABLE {table}")
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {table} USING fts5(autocomplete, body, title, tokenize = '{TOKENIZERS[tokenizer]}')"
    )
    # The triggers on the entries table name this table and keep it in step from here on.
    schema_editor.execute(
        f"INSERT INTO {table} (rowid, autocomplete, body, title) SELECT id, autocomplete, body, title FROM {entries}"
    )


def restem_vectors(apps, schema_editor, config):
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f"UPDATE {table} SET title = setweight(to_tsvector(%s::regconfig, coalesce(title_text, '')), 'A'), "
        f"body = setweight(to_tsvector(%s::regconfig, coalesce(body_text, '')), 'D')",
        [config, config],
    )


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        remake_fts(apps, schema_editor, "stemmed")
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TEXT SEARCH DICTIONARY {TEXT_SEARCH_CONFIG}_stem (TEMPLATE = snowball, LANGUAGE = english)"
        )
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG} (COPY = pg_catalog.english)")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG} "
            f"ALTER MAPPING REPLACE english_stem WITH {TEXT_SEARCH_CONFIG}_stem"
        )
        restem_vectors(apps, schema_editor, TEXT_SEARCH_CONFIG)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        remake_fts(apps, schema_editor, "default")
    elif vendor == "postgresql":
        restem_vectors(apps, schema_editor, "pg_catalog.english")
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {TEXT_SEARCH_CONFIG}")
        schema_editor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {TEXT_SEARCH_CONFIG}_stem")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_search_visitors"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forward, backward)]
