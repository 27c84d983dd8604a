"""modelsearch's PostgreSQL backend, answering the search page in one statement (see DatabaseSiteSearch).

Everything of modelsearch's beyond its public API that the PostgreSQL search relies on is here:
the index entry's columns (object_id, content_type_id, title, body, title_norm), the compiler's
tsquery, config and weights. tests/test_search_backends.py pins them.
"""

from django.db import connection
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend, PostgresSearchQueryCompiler
from wagtail.search.models import IndexEntry

from . import DatabaseSiteSearch


class RankedQueryCompiler(PostgresSearchQueryCompiler):
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


class SearchBackend(DatabaseSiteSearch, PostgresSearchBackend):
    query_compiler_class = RankedQueryCompiler
