"""The database search backend, tuned for the site search.

Two changes to modelsearch's database backends, selected by settings:

- Titles weigh more than body text on SQLite too. modelsearch ranks FTS5
  matches with a plain ``bm25()`` over the whole row; PostgreSQL already
  weights title (A) above body, and search/sqlite_backend.py gives FTS5 the
  same order with bm25's per-column weights.
- Each compiler can give ``ranked_entries()``: SQL for the matching index
  entries with their relevance score (higher is better), over the index tables
  alone. search/query.py ranks and counts the results of one search in a
  single statement over it, where modelsearch's own API would run the
  full-text match once for the results, once for the count and once per facet.
"""

from django.db import connection
from modelsearch.backends import database
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)


class RankedPostgresQueryCompiler(PostgresSearchQueryCompiler):
    def ranked_entries(self, backend):
        """SQL and parameters selecting object_id, content_type_id and score of the matching index entries.

        Written out rather than built with the ORM so that the tsquery is a one-row
        subquery (OFFSET 0 keeps the planner from folding it in): the match is then a
        parameterised scan of the GIN index of migration search 0002, never a
        sequential scan that concatenates every entry's title and body. The ranking
        is modelsearch's: title rank times title_norm, plus body rank. Entries of every
        indexed model are included; the caller joins them to its pages by content type.
        """
        entries = IndexEntry.objects.all().query
        compiler = entries.get_compiler(connection=connection)
        tsquery = self.build_tsquery(self.query, config=self.get_config(backend)).resolve_expression(entries)
        tsquery_sql, tsquery_params = compiler.compile(tsquery)
        sql = f"""
            SELECT e.object_id, e.content_type_id,
                   ts_rank(%s::float4[], e.title, q.q) * e.title_norm + ts_rank(%s::float4[], e.body, q.q) AS score
            FROM (SELECT {tsquery_sql} AS q OFFSET 0) q
            JOIN {IndexEntry._meta.db_table} e ON (e.title || e.body) @@ q.q
        """
        return sql, [self.sql_weights, self.sql_weights, *tsquery_params]


class RankedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = RankedPostgresQueryCompiler


def SearchBackend(params):
    backend = database.SearchBackend(params)
    if isinstance(backend, PostgresSearchBackend):
        return RankedPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        # Imported here: modelsearch's SQLite modules need SQLite's index models.
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from .sqlite_backend import WeightedSQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            return WeightedSQLiteSearchBackend(params)
    return backend
