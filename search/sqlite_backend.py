"""SQLite FTS5 ranking with title matches weighted above body matches (see search/backends.py)."""

from django.db.models import F
from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, SQLiteFTSIndexEntry, normalize
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend, SQLiteSearchQueryCompiler
from modelsearch.query import Not, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

# Weights of the FTS5 table's columns, in its order: autocomplete, body, title.
COLUMN_WEIGHTS = (0.0, 1.0, 5.0)


class WeightedBM25(BM25):
    def as_sql(self, compiler, connection, function=None, template=None):
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class WeightedSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
    def get_index_vectors(self):
        # One rank for the row: bm25() already weighs each column, and modelsearch's
        # extra title-length factor would favour short titles even for body matches.
        return [(F("index_entry__body"), 1.0)]

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, (Phrase, PlainText, Not)):
            return WeightedBM25() * boost if boost != 1.0 else WeightedBM25()
        return super().build_tsrank(vector, query, config=config, boost=boost)

    def ranked_entries(self, backend):
        """SQL and parameters for the matching index entries and their score, with bm25 negated so higher is better.

        modelsearch itself ranks with a correlated subquery that reruns the match for every result row.
        """
        config = self.get_config(backend)
        search_query = self.build_search_query(normalize(self.query), config=config)
        score = -self._build_rank_expression(self.get_index_vectors(), config)
        entries = (
            SQLiteFTSIndexEntry.objects.filter(MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query))
            .filter(index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model))
            .order_by()
            .values(
                object_id=F("index_entry__object_id"), content_type_id=F("index_entry__content_type_id"), score=score
            )
        )
        return entries.query.sql_with_params()


class WeightedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = WeightedSQLiteQueryCompiler
