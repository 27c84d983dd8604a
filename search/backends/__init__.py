"""The search backends of the site search: modelsearch's, each answering the search page through ``find``.

Settings (``search_backend()``) name one module of this package, each with a ``SearchBackend`` as
modelsearch's own modules have: ``postgres`` or ``sqlite`` for the database, or the module named
after modelsearch's (``opensearch3``, ``elasticsearch8``…) for SEARCH_URL. The search page calls
``find`` and never asks which backend it has.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.db.models import Q
from modelsearch.query import PlainText
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from core.page_types import searchable_types

from ..keywords import candidates_sql, keep_keywords, likely_broad, query_keywords, rebuild_keywords
from ..models import SearchKeyword
from ..query import searchable_pages
from ..remembered import index_changed, remembered
from ..spelling import add_words, rebuild_vocabulary

# What ranks a page above the plain full-text score, largest first: the whole query as a phrase in its
# title (or an author's name), a page type the query names ("webinars"), the phrase in its body text.
TITLE_PHRASE_BONUS = 10_000.0
NAMED_TYPE_BONUS = 1_000.0
BODY_PHRASE_BONUS = 100.0
# A search the vocabulary estimates as broad counts its matches only this far; past it the page says "more
# than 1,000 results" and leaves the facets' counts out (OpenSearch's track_total_hits counts to 10,000).
COUNT_BOUND = 1_000
# The entries a suggestion first looks among, best first: the match ranks every entry it has (thousands for "lead"),
# but only these are joined to their pages.
COMPLETING_CANDIDATES = 50
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
    more: bool = False  # more pages match than ``total``, and the facets were not counted


@dataclass
class Filters:
    """What a search's statements test each match for: searchable, and whether the type and condition filters and
    the promotions hold; compiled once for all of them."""

    types: list
    conditions: list
    promoted: list
    pages: object  # the searchable pages (search.query.searchable_pages)

    @cached_property
    def sql(self):
        """(the of_type, of_condition and promoted columns, their parameters, the searchable pages, theirs)"""
        type_test, type_params = "1 = 1", []
        if self.types:
            type_test = f"p.content_type_id IN ({', '.join(['%s'] * len(self.types))})"
            type_params = [t.content_type.pk for t in self.types]
        condition_test, condition_params = "1 = 1", []
        if self.conditions:
            subqueries = [ids.query.sql_with_params() for ids in condition_page_ids(self.conditions)]
            condition_test = " OR ".join(f"p.id IN ({sql})" for sql, _ in subqueries)
            condition_params = [param for _, params in subqueries for param in params]
        promoted_test = f"p.id IN ({', '.join(['%s'] * len(self.promoted))})" if self.promoted else "1 = 0"
        tests = f"({type_test}) AS of_type, ({condition_test}) AS of_condition, ({promoted_test}) AS promoted"
        pages_sql, pages_params = self.pages.order_by().values("id", "content_type_id").query.sql_with_params()
        return tests, [*type_params, *condition_params, *self.promoted], pages_sql, pages_params


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

    def find(self, query, types, conditions, offset, limit, promoted=(), phrase="", named_types=(), pages=None):
        """``phrase`` and ``named_types`` are for the database backends' ranking; OpenSearch ranks by itself.
        ``pages`` are the searchable pages, if the caller has them already."""
        base = searchable_pages() if pages is None else pages
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
    """The same answer in one or two statements over the database backend's index.

    modelsearch's API runs the full-text match once for the results, once for the count and once
    per facet. Here one statement ranks the matches and reads the total, both facets and one page of
    results from the same set. A search the spelling vocabulary estimates as broad is first counted,
    unranked, only as far as COUNT_BOUND; past it, it is ranked only among its words' key entries
    (search/keywords.py), unless they hold too few of its results for the page asked for; short of
    it, it is answered in one statement after all, or if filtered, counted in full, facets too,
    unranked, and only the matches the filters keep are ranked. The backend's query compiler gives
    ``streamed_entries()``: SQL selecting object_id and content_type_id of the matching entries, read so
    that a LIMIT stops the match early, and ``ranked_entries()``: the same with a score (higher is better).
    """

    def find(self, query, types, conditions, offset, limit, promoted=(), phrase="", named_types=(), pages=None):
        """Remembered until the index changes (search/remembered.py)."""
        asked = [repr(query), phrase, [t.content_type.pk for t in types], [c.pk for c in conditions], offset, limit]
        asked += [sorted(promoted), [t.content_type.pk for t in named_types]]
        filters = Filters(types, conditions, promoted, searchable_pages() if pages is None else pages)
        return remembered("found", asked, lambda: self.find_now(query, phrase, filters, offset, limit, named_types))

    def find_now(self, query, phrase, filters, offset, limit, named_types):
        compiler = self.query_compiler_class(Page.objects.all(), query)
        page = (offset, limit, named_types)
        if not likely_broad(query):  # few matches: ranking them all costs less than a second statement
            return self.counted(compiler.ranked_entries(self, phrase), filters, page=page)
        matching = compiler.streamed_entries(self)
        found = self.past_bound(matching, filters)
        if not found and not (filters.types or filters.conditions):  # COUNT_BOUND or fewer: one statement after all
            return self.counted(compiler.ranked_entries(self, phrase), filters, page=page)
        if not found:  # the same, but ranking only the pages the filters keep
            found = self.counted(matching, filters)
            if found.total - found.promoted_total > offset:
                found.page_ids = self.hits(compiler.ranked_entries(self, phrase), filters, offset, limit, named_types)
            return found
        words = query_keywords(query)
        if words:
            candidates = compiler.ranked_entries(self, phrase, among=candidates_sql(words))
            found.page_ids = self.hits(candidates, filters, offset, limit, named_types)
            if len(found.page_ids) >= limit:
                return found
        found.page_ids = self.hits(compiler.ranked_entries(self, phrase), filters, offset, limit, named_types)
        return found

    def matches_sql(self, entries, filters, named_types=(), scored=False):
        """SQL and parameters of the matches CTE: each matching searchable page, whether the filters and the
        promotions hold for it, and with ``scored`` its score."""
        entries_sql, entries_params = entries
        tests_sql, tests_params, pages_sql, pages_params = filters.sql
        score, named_params = "", []
        if scored:
            named_bonus = "0"
            if named_types:
                named_bonus = f"CASE WHEN p.content_type_id IN ({', '.join(['%s'] * len(named_types))}) THEN {NAMED_TYPE_BONUS} ELSE 0 END"
                named_params = [t.content_type.pk for t in named_types]
            score = f"r.score + {named_bonus} AS score, "
        # The matches first: SQLite keeps a CROSS JOIN's order, and would otherwise read the pages a filter keeps
        # and run the full-text match once for each (PostgreSQL plans it as any join).
        sql = f"""
                SELECT p.id, p.content_type_id, {score}{tests_sql}
                FROM ({entries_sql}) r
                CROSS JOIN ({pages_sql}) p
                WHERE p.id = CAST(r.object_id AS INTEGER) AND p.content_type_id = r.content_type_id
        """
        return sql, [*named_params, *tests_params, *entries_params, *pages_params]

    def counted(self, entries, filters, page=None):
        """The total and both facets, from the matches unranked; with ``page`` (offset, limit, named types), from
        the matches ranked, and that page of results too."""
        hits, hits_params = "", []
        if page:
            offset, limit, named_types = page
            matches_sql, params = self.matches_sql(entries, filters, named_types, scored=True)
            hits = """
            UNION ALL
            SELECT * FROM (
                SELECT 'hit', id, score FROM matches WHERE of_type AND of_condition AND NOT promoted
                ORDER BY score DESC, id DESC LIMIT %s OFFSET %s
            ) hits"""
            hits_params = [limit, offset]
        else:
            matches_sql, params = self.matches_sql(entries, filters)
        promoted_count = ""
        if filters.promoted:
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
        selected = {t.content_type.pk for t in filters.types} or found.type_counts
        found.total = sum(found.type_counts.get(pk, 0) for pk in selected)
        return found

    def past_bound(self, matching, filters):
        """A Found with ``more`` if the filters keep more than COUNT_BOUND matches besides the promoted ones, else
        None. The count stops at the bound, so each match finds its page by key, and is never ranked."""
        matches_sql, params = self.matches_sql(matching, filters)
        sql = f"""
            WITH matches AS ({matches_sql})
            SELECT COUNT(*) FROM (
                SELECT 1 FROM matches WHERE of_type AND of_condition AND NOT promoted LIMIT %s
            ) counted
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, COUNT_BOUND + 1])
            if cursor.fetchone()[0] <= COUNT_BOUND:
                return None
        return Found(page_ids=[], total=COUNT_BOUND, type_counts={}, condition_counts={}, more=True)

    def hits(self, ranked, filters, offset, limit, named_types):
        """One page of the ids of the matching pages the filters keep, promoted ones left out, best first."""
        matches_sql, params = self.matches_sql(ranked, filters, named_types, scored=True)
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
        """First from the best COMPLETING_CANDIDATES entries only: the match ranks every entry it has either way,
        but only those are read and joined to their pages. Some may not be searchable pages (a person, a draft):
        if too few are left of as many entries, from every entry."""
        compiler = self.autocomplete_query_compiler_class(Page.objects.all(), PlainText(terms))
        pages_sql, pages_params = searchable_pages().order_by().values(*SUGGESTED_FIELDS).query.sql_with_params()
        for candidates in (COMPLETING_CANDIDATES, None):
            completing_sql, completing_params = compiler.completing_entries(self, candidates)
            sql = f"""
                SELECT {", ".join(f"p.{column}" for column in SUGGESTED_FIELDS)}, r.listed FROM ({pages_sql}) p
                JOIN (SELECT c.*, COUNT(*) OVER () AS listed FROM ({completing_sql}) c) r
                  ON p.id = CAST(r.object_id AS INTEGER) AND p.content_type_id = r.content_type_id
                ORDER BY r.score DESC, r.entry DESC LIMIT %s
            """
            pages = list(Page.objects.raw(sql, [*pages_params, *completing_params, limit]))
            every_entry = candidates is None or (pages and pages[0].listed < candidates)
            if every_entry or len(pages) >= limit:
                return pages

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
