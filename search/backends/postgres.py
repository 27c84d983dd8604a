"""modelsearch's PostgreSQL backend, answering the search page in one statement (see DatabaseSiteSearch).

Everything of modelsearch's beyond its public API that the PostgreSQL search relies on is here:
the index entry's columns (object_id, content_type_id, title, body, title_norm), the compiler's
tsquery, config and weights, the autocomplete compiler's lexemes. tests/test_search_backends.py
pins them, and tests/search/test_search.py the suggestions.
"""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchAtomicRebuilder,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchRebuilder,
)
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText
from wagtail.search.models import IndexEntry

from ..analysis import TEXT_SEARCH_CONFIG, engine_words
from . import BODY_PHRASE_BONUS, TITLE_PHRASE_BONUS, DatabaseSiteSearch, KeepsVocabulary, RebuildsVocabulary


def compiled_tsquery(compiler, backend):
    """SQL and parameters of the tsquery a modelsearch query compiler builds for its query."""
    entries = IndexEntry.objects.all().query
    tsquery = compiler.build_tsquery(compiler.query, config=compiler.get_config(backend)).resolve_expression(entries)
    return entries.get_compiler(connection=connection).compile(tsquery)


class RankedQueryCompiler(PostgresSearchQueryCompiler):
    def ranked_entries(self, backend, phrase="", among=None):
        """SQL and parameters selecting object_id, content_type_id and score of the matching index entries
        (only those of the entry ids ``among`` selects, if given).

        Written out rather than built with the ORM so that the tsquery is a one-row
        subquery (OFFSET 0 keeps the planner from folding it in): the match is then a
        parameterised scan of the GIN index of migration search 0002, never a
        sequential scan that concatenates every entry's title and body. The ranking
        is modelsearch's: title rank times title_norm, plus body rank. Entries of every
        indexed model are included; the caller joins them to its pages by content type.
        """
        tsquery_sql, tsquery_params = compiled_tsquery(self, backend)
        config = self.get_config(backend)
        entries, among_params = f"JOIN {IndexEntry._meta.db_table} e ON (e.title || e.body) @@ q.q", []
        if among:
            # Each candidate looked up by id, then tested: "IS TRUE" keeps the planner from reading every match
            # from the GIN index first.
            entries = f"""JOIN ({among[0]}) c ON TRUE
            JOIN {IndexEntry._meta.db_table} e ON e.id = c.entry_id AND ((e.title || e.body) @@ q.q) IS TRUE"""
            among_params = among[1]
        sql = f"""
            SELECT e.object_id, e.content_type_id,
                   ts_rank(%s::float4[], e.title, q.q) * e.title_norm + ts_rank(%s::float4[], e.body, q.q)
                   + CASE WHEN e.title @@ q.phrase THEN {TITLE_PHRASE_BONUS} ELSE 0 END
                   + CASE WHEN q.words > 1 AND e.body @@ q.phrase THEN {BODY_PHRASE_BONUS} ELSE 0 END AS score
            FROM (SELECT {tsquery_sql} AS q, phraseto_tsquery(%s::regconfig, %s) AS phrase, %s AS words OFFSET 0) q
            {entries}
        """
        words = engine_words(phrase)
        params = [self.sql_weights, self.sql_weights, *tsquery_params, config, " ".join(words), len(words)]
        params += among_params
        # A one-word phrase is in the body of every match the title does not explain: no body bonus.
        return sql, params

    def streamed_entries(self, backend):
        """SQL and parameters selecting object_id and content_type_id of the matching entries, unranked: the GIN
        index answers, no entry's vectors are read, and the bitmap scan reads entries as it goes, so that a LIMIT
        (COUNT_BOUND) stops it early."""
        tsquery_sql, tsquery_params = compiled_tsquery(self, backend)
        sql = f"""
            SELECT e.object_id, e.content_type_id
            FROM (SELECT {tsquery_sql} AS q OFFSET 0) q
            JOIN {IndexEntry._meta.db_table} e ON (e.title || e.body) @@ q.q
        """
        return sql, tsquery_params

    def any_match(self, backend):
        """SQL and parameters of a boolean: does any index entry match? Under EXISTS the planner expects an early
        hit and scans every entry (150 ms at 10,000 pages for a word no page has); a materialised CTE is planned
        on its own, so it reads the GIN index, and EXISTS still stops at the first row (0.2–2.5 ms)."""
        tsquery_sql, tsquery_params = compiled_tsquery(self, backend)
        table = IndexEntry._meta.db_table
        matching = f"SELECT 1 FROM {table} e WHERE (e.title || e.body) @@ {tsquery_sql}"
        return f"(WITH m AS MATERIALIZED ({matching}) SELECT EXISTS (SELECT 1 FROM m))", tsquery_params


class EveryWordAutocompleteCompiler(PostgresAutocompleteQueryCompiler):
    """Suggestions complete every word typed, not only modelsearch's last: "lead impro" finds "Leading improvement"."""

    def build_tsquery_content(self, query, config=None, invert=False):
        words = engine_words(query.query_string) if isinstance(query, PlainText) else []
        if not words:
            return super().build_tsquery_content(query, config=config, invert=invert)
        lexemes = reduce(operator.and_, [Lexeme(word, invert=invert, prefix=True) for word in words])
        return SearchQuery(lexemes, search_type="raw", config=config)

    def completing_entries(self, backend, limit=None):
        """SQL and parameters selecting object_id, content_type_id, score and entry (its id) of the entries whose
        autocomplete words complete the query, best first (the ``limit`` best): modelsearch's rank, over the GIN
        index of the autocomplete column."""
        tsquery_sql, tsquery_params = compiled_tsquery(self, backend)
        sql = f"""
            SELECT e.object_id, e.content_type_id, ts_rank(%s::float4[], e.autocomplete, q.q) AS score, e.id AS entry
            FROM (SELECT {tsquery_sql} AS q OFFSET 0) q
            JOIN {IndexEntry._meta.db_table} e ON e.autocomplete @@ q.q
            ORDER BY score DESC, entry DESC LIMIT %s
        """
        return sql, [self.sql_weights, *tsquery_params, limit]


class Index(KeepsVocabulary, PostgresIndex):
    text_columns = ("title_text", "body_text")


class Rebuilder(RebuildsVocabulary, PostgresSearchRebuilder):
    pass


class AtomicRebuilder(RebuildsVocabulary, PostgresSearchAtomicRebuilder):
    pass


class SearchBackend(DatabaseSiteSearch, PostgresSearchBackend):
    query_compiler_class = RankedQueryCompiler
    autocomplete_query_compiler_class = EveryWordAutocompleteCompiler
    index_class = Index
    rebuilder_class = Rebuilder
    atomic_rebuilder_class = AtomicRebuilder

    def __init__(self, params):
        # Stemmed, every word kept (search/analysis.py); settings may name another configuration.
        super().__init__({"SEARCH_CONFIG": TEXT_SEARCH_CONFIG, **params})
