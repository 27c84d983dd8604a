"""modelsearch's SQLite FTS5 backend, titles weighted above body text, answering in one statement.

modelsearch ranks FTS5 matches with a plain ``bm25()`` over the whole row; PostgreSQL already
weights title (A) above body, and bm25's per-column weights give FTS5 the same order. Everything
of modelsearch's beyond its public API that the SQLite search relies on is here: the FTS table
and the order of its columns, its MATCH expression and query normalisation, the compiler's rank
hooks, the autocomplete compiler's lexemes. tests/test_search_backends.py pins them, and
tests/search/test_search.py the suggestions.
"""

import operator
from functools import reduce

from django.db.models import BooleanField, F
from django.db.models.expressions import RawSQL
from modelsearch.backends.database.sqlite.query import (
    BM25,
    Lexeme,
    MatchExpression,
    SearchQueryExpression,
    SQLiteFTSIndexEntry,
    normalize,
)
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchAtomicRebuilder,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchRebuilder,
)
from modelsearch.query import Not, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.models import IndexEntry

from ..analysis import engine_words
from . import BODY_PHRASE_BONUS, TITLE_PHRASE_BONUS, DatabaseSiteSearch, KeepsVocabulary, RebuildsVocabulary

# Weights of the FTS5 table's columns, in its order.
COLUMN_WEIGHTS = {"autocomplete": 0.0, "body": 1.0, "title": 5.0}


class WeightedBM25(BM25):
    def as_sql(self, compiler, connection, function=None, template=None):
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS.values())
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class WeightedQueryCompiler(SQLiteSearchQueryCompiler):
    def get_index_vectors(self):
        # One rank for the row: bm25() already weighs each column, and modelsearch's
        # extra title-length factor would favour short titles even for body matches.
        return [(F("index_entry__body"), 1.0)]

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, (Phrase, PlainText, Not)):
            return WeightedBM25() * boost if boost != 1.0 else WeightedBM25()
        return super().build_tsrank(vector, query, config=config, boost=boost)

    def matching_rowids(self, backend):
        config = self.get_config(backend)
        search_query = self.build_search_query(normalize(self.query), config=config)
        return SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
        ).order_by()

    def matches(self, backend):
        of_types = get_descendants_content_types_pks(self.queryset.model)
        return self.matching_rowids(backend).filter(index_entry__content_type__in=of_types)

    def streamed_entries(self, backend):
        """SQL and parameters selecting object_id and content_type_id of the matching entries, unranked, in the
        match's order: each match's entry found by id, so that a LIMIT (COUNT_BOUND, EXISTS) stops the match early
        rather than after the index has listed every match."""
        rowids_sql, rowids_params = self.matching_rowids(backend).values("pk").query.sql_with_params()
        of_types = get_descendants_content_types_pks(self.queryset.model)
        sql = f"""
            SELECT e.object_id, e.content_type_id FROM ({rowids_sql}) f CROSS JOIN {IndexEntry._meta.db_table} e
            WHERE e.id = f.pk AND e.content_type_id IN ({", ".join(["%s"] * len(of_types))})
        """
        return sql, [*rowids_params, *of_types]

    def ranked_entries(self, backend, phrase="", among=None):
        """SQL and parameters for the matching index entries (only those of the entry ids ``among`` selects, if
        given) and their score, with bm25 negated so higher is better, plus the bonuses for the phrase in the
        title and in the body (search/backends/__init__.py).

        modelsearch itself ranks with a correlated subquery that reruns the match for every result row.
        """
        rank = self.build_tsrank(None, self.query, config=self.get_config(backend))  # bm25() ranks the row
        entries = self.matches(backend)
        if among:
            # "+rowid": FTS5 would take "rowid IN" as a constraint and rerun the match once per candidate.
            sql, params = among
            table = SQLiteFTSIndexEntry._meta.db_table
            entries = entries.filter(RawSQL(f"+{table}.rowid IN ({sql})", params, output_field=BooleanField()))
        entries = entries.values(
            object_id=F("index_entry__object_id"),
            content_type_id=F("index_entry__content_type_id"),
            score=-rank,
            entry=F("index_entry_id"),
        )
        sql, params = entries.query.sql_with_params()
        words = engine_words(phrase)
        if not words:
            return sql, params
        table = SQLiteFTSIndexEntry._meta.db_table
        # Each phrase match runs once (an IN list), not per entry; the words are letters and digits only.
        quoted = '"' + " ".join(words) + '"'
        # A one-word phrase is in the body of every match the title does not explain: no body bonus.
        phrases = [("title", TITLE_PHRASE_BONUS)] + ([("body", BODY_PHRASE_BONUS)] if len(words) > 1 else [])
        bonus = " + ".join(
            f"CASE WHEN r.entry IN (SELECT rowid FROM {table} WHERE {table} MATCH %s) THEN {points} ELSE 0 END"
            for _, points in phrases
        )
        return (
            f"SELECT r.object_id, r.content_type_id, r.score + {bonus} AS score FROM ({sql}) r",
            [*(f"{{{column}}} : {quoted}" for column, _ in phrases), *params],
        )

    def any_match(self, backend):
        """SQL and parameters of a boolean: does any index entry match?"""
        sql, params = self.streamed_entries(backend)
        return f"EXISTS (SELECT 1 FROM ({sql}) w)", params


class EveryWordAutocompleteCompiler(SQLiteAutocompleteQueryCompiler):
    """Suggestions complete every word typed, not only modelsearch's last: "lead impro" finds "Leading improvement"."""

    def build_search_query_content(self, query, config=None):
        words = engine_words(query.query_string) if isinstance(query, PlainText) else []
        if not words:
            return super().build_search_query_content(query, config=config)
        return SearchQueryExpression(
            reduce(operator.and_, [Lexeme(word, prefix=True) for word in words]), config=config
        )

    def completing_entries(self, backend, limit=None):
        """SQL and parameters selecting object_id, content_type_id, score (negated bm25, higher is better) and entry
        (its id) of the entries whose autocomplete words complete the query, best first (the ``limit`` best).
        modelsearch's autocomplete reruns the match in a subquery for every page row: 10,000 matches per
        suggestion at 10,000 pages. Each entry's row (its whole text) is read only for the best."""
        search_query = self.build_search_query(normalize(self.query), config=self.get_config(backend))
        best = (
            SQLiteFTSIndexEntry.objects.filter(MatchExpression(self.FTS_TABLE_FIELDS, search_query))
            .values(entry=F("index_entry_id"), score=-BM25())
            .order_by("-score", "-entry")
        )
        best_sql, best_params = (best[:limit] if limit else best).query.sql_with_params()
        sql = f"""
            SELECT e.object_id, e.content_type_id, c.score, c.entry
            FROM ({best_sql}) c JOIN {IndexEntry._meta.db_table} e ON e.id = c.entry
        """
        return sql, best_params


class Index(KeepsVocabulary, SQLiteIndex):
    pass


class Rebuilder(RebuildsVocabulary, SQLiteSearchRebuilder):
    pass


class AtomicRebuilder(RebuildsVocabulary, SQLiteSearchAtomicRebuilder):
    pass


class SearchBackend(DatabaseSiteSearch, SQLiteSearchBackend):
    query_compiler_class = WeightedQueryCompiler
    autocomplete_query_compiler_class = EveryWordAutocompleteCompiler
    index_class = Index
    rebuilder_class = Rebuilder
    atomic_rebuilder_class = AtomicRebuilder
