"""The database search backend, with titles weighing more than body text on SQLite too.

modelsearch ranks SQLite FTS5 matches with a plain ``bm25()`` over the whole
row, so a title match counts no more than a body match. PostgreSQL already
weights title (A) above body; this gives FTS5 the same order with bm25's
per-column weights. Settings select this module as the search backend.
"""

from django.db import connection
from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite":
        # Imported here: modelsearch's SQLite modules need SQLite's index models.
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from .sqlite_backend import WeightedSQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            return WeightedSQLiteSearchBackend(params)
    return backend
