"""The search backends of the site search: modelsearch's, each answering the search page through ``find``.

Settings (``search_backend()``) name one module of this package, each with a ``SearchBackend`` as
modelsearch's own modules have: ``postgres`` or ``sqlite`` for the database, or the module named
after modelsearch's (``opensearch3``, ``elasticsearch8``…) for SEARCH_URL. The search page calls
``find`` and never asks which backend it has.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from modelsearch.query import PlainText
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from core.page_types import searchable_types

from ..keywords import BROAD, candidates_sql, keep_keywords, likely_broad, query_keywords, rebuild_keywords
from ..models import SearchKeyword
from ..query import searchable_pages
from ..remembered import index_changed, remembered
from ..spelling import add_words, rebuild_vocabulary

# What ranks a page above the plain full-text score, largest first: the whole query as a phrase in its
# title (or an author's name), a page type the query names ("webinars"), the phrase in its body text.
TITLE_PHRASE_BONUS = 10_000.0
NAMED_TYPE_BONUS = 1_000.0
BODY_PHRASE_BONUS = 100.0
# The page columns a suggestion needs: its title, and what its address is worked out from.
SUGGESTED_FIELDS = ("id", "title", "url_path", "path", "depth", "content_type_id")


@dataclass
class Found:
    """One search as the backend answered it: a slice of page ids, best first, and the counts."""

    page_ids: list  # the promoted pages left out
    total: int  # every match, the promoted ones too
    type_counts: dict  # content type id -> pages, honouring the condition filter
    condition_counts: dict  # condition id -> pages, honouring the type filter
    promoted_total: int = 0  # the promoted pages among the matches


def condition_fields():
    """(model, field) for each searchable type tagged with system conditions (PageType.conditions_field)."""
    return [
        (page_type.model, page_type.model._meta.get_field(page_type.conditions_field))
        for page_type in searchable_types()
        if page_type.conditions_field
    ]


def condition_page_ids(conditions):
    """Ids of the pages about any of the given conditions: one subquery per page type tagged with them."""
    return [
        model.objects.filter(**{f"{field.name}__in": conditions}).values("pk").order_by()
        for model, field in condition_fields()
    ]


def about_conditions(conditions):
    """A filter for the pages about any of the given conditions."""
    about = Q(pk__in=[])
    for ids in condition_page_ids(conditions):
        about |= Q(pk__in=ids)
    return about


class SiteSearch:
    """What the search page asks of a backend, answered with modelsearch's public API.

    ``query`` is a modelsearch query; ``types`` are PageTypes and ``conditions`` SystemConditions,
    either empty for all; ``promoted`` are the ids of pages shown as editors' picks, left out of the
    results but counted with the rest. OpenSearch and Elasticsearch answer with this as it is; the
    database backends answer the same in one statement (DatabaseSiteSearch).
    """

    def find(self, query, types, conditions, offset, limit, promoted=(), phrase="", named_types=()):
        """``phrase`` and ``named_types`` are for the database backends' ranking; OpenSearch ranks by itself."""
        base = searchable_pages()
        by_condition = base.filter(about_conditions(conditions)) if conditions else base
        by_type = base.filter(content_type__in=[t.content_type for t in types]) if types else base
        selected = by_type.filter(about_conditions(conditions)) if conditions else by_type
        results = self.search(query, selected)
        organic = self.search(query, selected.exclude(pk__in=promoted)) if promoted else results
        counts = {}
        for model, tagged in condition_fields():
            matching = self.search(query, model.objects.filter(pk__in=by_type.values("pk")))
            for condition_id, count in matching.facet(tagged.name if tagged.many_to_many else tagged.attname).items():
                counts[condition_id] = counts.get(condition_id, 0) + count
        total = results.count()
        return Found(
            page_ids=[page.pk for page in organic[offset : offset + limit]],
            total=total,
            type_counts=dict(self.search(query, by_condition).facet("content_type_id")),
            condition_counts=counts,
            promoted_total=total - organic.count() if promoted else 0,
        )

    def completing_pages(self, terms, limit):
        """The pages whose autocomplete fields have words completing every word of ``terms``, best first, with
        what a suggestion shows of them (SUGGESTED_FIELDS)."""
        return list(searchable_pages().only(*SUGGESTED_FIELDS).autocomplete(terms)[:limit])

    def unmatched_words(self, words):
        """The words that no page matches on its own."""
        return [word for word in words if not len(self.search(PlainText(word), searchable_pages())[:1])]


class DatabaseSiteSearch(SiteSearch):
    """The same answer in two statements over the database backend's index.

    modelsearch's API runs the full-text match once for the results, once for the count and once
    per facet. Here one statement counts the matches, the total and both facets read from the same
    set, without ranking; a second ranks and reads one page of results. A search matching more than
    BROAD pages is ranked only among its words' key entries (search/keywords.py), unless they hold
    too few of its results for the page asked for. The backend's query compiler gives
    ``matching_entries()``: SQL selecting object_id and content_type_id of the matching entries, and
    ``ranked_entries()``: the same with a score (higher is better).
    """

    # How the counted matches find their pages: by the pages' primary key (SQLite), or hashed (PostgreSQL, which
    # cannot see how many entries a match returns and would look up each of thousands by key).
    counted_page_key = "p.id"

    def find(self, query, types, conditions, offset, limit, promoted=(), phrase="", named_types=()):
        """Remembered until the index changes (search/remembered.py)."""
        compiler = self.query_compiler_class(Page.objects.all(), query)
        ranked = compiler.ranked_entries(self, phrase)
        asked = [ranked, [t.content_type.pk for t in types], [c.pk for c in conditions], offset, limit]
        asked += [sorted(promoted), [t.content_type.pk for t in named_types]]
        return remembered(
            "found",
            asked,
            lambda: self.find_now(
                compiler, query, phrase, ranked, types, conditions, offset, limit, promoted, named_types
            ),
        )

    def find_now(self, compiler, query, phrase, ranked, types, conditions, offset, limit, promoted, named_types):
        if not likely_broad(query):  # few matches: ranking them all costs less than a second statement
            return self.counted(ranked, types, conditions, promoted, page=(offset, limit, named_types))
        found = self.counted(compiler.matching_entries(self), types, conditions, promoted)
        organic = found.total - found.promoted_total
        wanted = min(limit, max(0, organic - offset))
        if not wanted:
            return found
        words = query_keywords(query)
        if organic > BROAD and words:
            candidates = compiler.ranked_entries(self, phrase, among=candidates_sql(words))
            found.page_ids = self.hits(candidates, types, conditions, offset, limit, promoted, named_types)
            if len(found.page_ids) >= wanted:
                return found
        found.page_ids = self.hits(ranked, types, conditions, offset, limit, promoted, named_types)
        return found

    def matches_sql(self, entries, types, conditions, promoted, named_types=(), scored=False, page_key="p.id"):
        """SQL and parameters of the matches CTE: each matching searchable page, whether the filters and the
        promotions hold for it, and with ``scored`` its score."""
        entries_sql, entries_params = entries
        pages_sql, pages_params = searchable_pages().order_by().values("id", "content_type_id").query.sql_with_params()
        type_test, type_params = "1 = 1", []
        if types:
            type_test = f"p.content_type_id IN ({', '.join(['%s'] * len(types))})"
            type_params = [t.content_type.pk for t in types]
        condition_test, condition_params = "1 = 1", []
        if conditions:
            subqueries = [ids.query.sql_with_params() for ids in condition_page_ids(conditions)]
            condition_test = " OR ".join(f"p.id IN ({sql})" for sql, _ in subqueries)
            condition_params = [param for _, params in subqueries for param in params]
        promoted_test = f"p.id IN ({', '.join(['%s'] * len(promoted))})" if promoted else "1 = 0"
        score, named_params = "", []
        if scored:
            named_bonus = "0"
            if named_types:
                named_bonus = f"CASE WHEN p.content_type_id IN ({', '.join(['%s'] * len(named_types))}) THEN {NAMED_TYPE_BONUS} ELSE 0 END"
                named_params = [t.content_type.pk for t in named_types]
            score = f"r.score + {named_bonus} AS score, "
        sql = f"""
                SELECT p.id, p.content_type_id, {score}({type_test}) AS of_type, ({condition_test}) AS of_condition,
                       ({promoted_test}) AS promoted
                FROM ({pages_sql}) p
                JOIN ({entries_sql}) r
                  ON {page_key} = CAST(r.object_id AS INTEGER) AND p.content_type_id = r.content_type_id
        """
        params = [*named_params, *type_params, *condition_params, *promoted, *pages_params, *entries_params]
        return sql, params

    def counted(self, matching, types, conditions, promoted, page=None):
        """The total and both facets, from the matches unranked; with ``page`` (offset, limit, named types), from
        the matches ranked, and that page of results too."""
        hits, hits_params = "", []
        if page:
            offset, limit, named_types = page
            matches_sql, params = self.matches_sql(matching, types, conditions, promoted, named_types, scored=True)
            hits = """
            UNION ALL
            SELECT * FROM (
                SELECT 'hit', id, score FROM matches WHERE of_type AND of_condition AND NOT promoted
                ORDER BY score DESC, id DESC LIMIT %s OFFSET %s
            ) hits"""
            hits_params = [limit, offset]
        else:
            matches_sql, params = self.matches_sql(
                matching, types, conditions, promoted, page_key=self.counted_page_key
            )
        promoted_count = ""
        if promoted:
            promoted_count = (
                "UNION ALL SELECT 'promoted', 0, COUNT(*) FROM matches WHERE of_type AND of_condition AND promoted"
            )
        sql = f"""
            WITH matches AS ({matches_sql})
            SELECT 'type', content_type_id, COUNT(*) FROM matches WHERE of_condition GROUP BY content_type_id
            {promoted_count}
            {condition_facet_sql(condition_fields())}
            {hits}
        """
        found = Found(page_ids=[], total=0, type_counts={}, condition_counts={})
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *hits_params])
            for kind, key, value in cursor.fetchall():
                if kind == "hit":
                    found.page_ids.append(key)
                elif kind == "type":
                    found.type_counts[key] = int(value)
                elif kind == "promoted":
                    found.promoted_total = int(value)
                else:
                    found.condition_counts[key] = found.condition_counts.get(key, 0) + int(value)
        selected = {t.content_type.pk for t in types} or found.type_counts
        found.total = sum(found.type_counts.get(pk, 0) for pk in selected)
        return found

    def hits(self, ranked, types, conditions, offset, limit, promoted, named_types):
        """One page of the ids of the matching pages the filters keep, promoted ones left out, best first."""
        matches_sql, params = self.matches_sql(ranked, types, conditions, promoted, named_types, scored=True)
        sql = f"""
            WITH matches AS ({matches_sql})
            SELECT id FROM matches WHERE of_type AND of_condition AND NOT promoted
            ORDER BY score DESC, id DESC LIMIT %s OFFSET %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    def completing_pages(self, terms, limit):
        """The same suggestions in one statement: the match runs once, then joins the searchable pages.
        Remembered until the index changes (search/remembered.py)."""
        return remembered("suggested", [terms, limit], lambda: self.completing_pages_now(terms, limit))

    def completing_pages_now(self, terms, limit):
        compiler = self.autocomplete_query_compiler_class(Page.objects.all(), PlainText(terms))
        completing_sql, completing_params = compiler.completing_entries(self)
        pages_sql, pages_params = searchable_pages().order_by().values(*SUGGESTED_FIELDS).query.sql_with_params()
        sql = f"""
            SELECT {", ".join(f"p.{column}" for column in SUGGESTED_FIELDS)} FROM ({pages_sql}) p
            JOIN ({completing_sql}) r ON p.id = CAST(r.object_id AS INTEGER) AND p.content_type_id = r.content_type_id
            ORDER BY r.score DESC, p.id DESC LIMIT %s
        """
        return list(Page.objects.raw(sql, [*pages_params, *completing_params, limit]))

    def unmatched_words(self, words):
        """One statement: does any index entry match each word?"""
        tests = [self.query_compiler_class(Page.objects.all(), PlainText(word)).any_match(self) for word in words]
        if not tests:
            return []
        sql = " UNION ALL ".join(f"SELECT {i}, {test}" for i, (test, _) in enumerate(tests))
        with connection.cursor() as cursor:
            cursor.execute(sql, [param for _, params in tests for param in params])
            matched = {i for i, exists in cursor.fetchall() if exists}
        return [word for i, word in enumerate(words) if i not in matched]


class KeepsVocabulary:
    """A database backend's index that adds the words it indexes to the spelling vocabulary, keeps each entry's
    key words (search/keywords.py), and retires the remembered results with every change."""

    text_columns = ("title", "body")  # the index entry's plain text

    def delete_item(self, item):
        entry_ids = list(item.index_entries.values_list("id", flat=True))
        super().delete_item(item)
        SearchKeyword.objects.filter(entry_id__in=entry_ids).delete()
        index_changed()

    def add_items(self, model, objs):
        super().add_items(model, objs)
        index_changed()
        if objs:
            entries = IndexEntry.objects.filter(object_id__in=[str(obj.pk) for obj in objs])
            rows = list(entries.values_list("id", *self.text_columns))
            add_words([text for row in rows for text in row[1:]])
            keep_keywords(rows)


class RebuildsVocabulary:
    """A database backend's rebuilder (update_index) that counts the vocabulary and the key words afresh once
    it is done."""

    def finish(self):
        super().finish()
        index_changed()
        columns = self.index.text_columns
        rebuild_vocabulary(" ".join(filter(None, row)) for row in IndexEntry.objects.values_list(*columns).iterator())
        rebuild_keywords(IndexEntry.objects.values_list("id", *columns).iterator())


def condition_facet_sql(fields):
    """UNION ALL of the condition facet of every tagged page type: condition id -> matching pages.

    The pages' conditions of every type are one list, joined to the matches once. The planner cannot
    see how many pages a match returns, so "+ 0" keeps it from looking each match up in the condition
    tables' indexes one at a time; a hash join over those small tables is several times faster.
    """
    tagged = []
    for model, field in fields:
        if field.many_to_many:
            through = field.remote_field.through._meta
            table = through.db_table
            page_column = through.get_field(field.m2m_field_name()).column
            condition_column = through.get_field(field.m2m_reverse_field_name()).column
        else:
            table, page_column, condition_column = model._meta.db_table, model._meta.pk.column, field.column
        tagged.append(f"SELECT {page_column} + 0 AS page_id, {condition_column} AS condition_id FROM {table}")
    if not tagged:
        return ""
    return f"""
            UNION ALL
            SELECT 'condition', t.condition_id, COUNT(*)
            FROM matches m JOIN ({" UNION ALL ".join(tagged)}) t ON t.page_id = m.id
            WHERE m.of_type GROUP BY t.condition_id"""
