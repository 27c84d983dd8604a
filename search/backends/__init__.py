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
    """The same answer in one statement over the database backend's index.

    modelsearch's API runs the full-text match once for the results, once for the count and once
    per facet. Here the match and the ranking run once, and the results, the total and both facets
    are read from the same set of matches. The backend's query compiler gives ``ranked_entries()``:
    SQL selecting object_id, content_type_id and score (higher is better) of the matching entries.
    """

    def find(self, query, types, conditions, offset, limit, promoted=(), phrase="", named_types=()):
        """Remembered until the index changes (search/remembered.py)."""
        ranked = self.ranked_entries(query, phrase)
        asked = [ranked, [t.content_type.pk for t in types], [c.pk for c in conditions], offset, limit]
        asked += [sorted(promoted), [t.content_type.pk for t in named_types]]
        return remembered(
            "found", asked, lambda: self.find_now(ranked, types, conditions, offset, limit, promoted, named_types)
        )

    def find_now(self, ranked, types, conditions, offset, limit, promoted, named_types):
        ranked_sql, ranked_params = ranked
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
        promoted_test, promoted_count = "1 = 0", ""
        if promoted:
            promoted_test = f"p.id IN ({', '.join(['%s'] * len(promoted))})"
            promoted_count = (
                "UNION ALL SELECT 'promoted', 0, COUNT(*) FROM matches WHERE of_type AND of_condition AND promoted"
            )
        named_bonus, named_params = "0", []
        if named_types:
            named_bonus = f"CASE WHEN p.content_type_id IN ({', '.join(['%s'] * len(named_types))}) THEN {NAMED_TYPE_BONUS} ELSE 0 END"
            named_params = [t.content_type.pk for t in named_types]
        sql = f"""
            WITH matches AS (
                SELECT p.id, p.content_type_id, r.score + {named_bonus} AS score, ({type_test}) AS of_type, ({condition_test}) AS of_condition,
                       ({promoted_test}) AS promoted
                FROM ({pages_sql}) p
                JOIN ({ranked_sql}) r
                  ON p.id = CAST(r.object_id AS INTEGER) AND p.content_type_id = r.content_type_id
            )
            SELECT * FROM (
                SELECT 'hit', id, score FROM matches WHERE of_type AND of_condition AND NOT promoted
                ORDER BY score DESC, id DESC LIMIT %s OFFSET %s
            ) hits
            UNION ALL
            SELECT 'type', content_type_id, COUNT(*) FROM matches WHERE of_condition GROUP BY content_type_id
            {promoted_count}
            {"".join(condition_facet_sql(model, field) for model, field in condition_fields())}
        """
        params = [
            *named_params,
            *type_params,
            *condition_params,
            *promoted,
            *pages_params,
            *ranked_params,
            limit,
            offset,
        ]
        found = Found(page_ids=[], total=0, type_counts={}, condition_counts={})
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
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

    def ranked_entries(self, query, phrase=""):
        return self.query_compiler_class(Page.objects.all(), query).ranked_entries(self, phrase)

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
    """A database backend's index that adds the words it indexes to the spelling vocabulary, and retires
    the remembered results with every change."""

    text_columns = ("title", "body")  # the index entry's plain text

    def delete_item(self, item):
        super().delete_item(item)
        index_changed()

    def add_items(self, model, objs):
        super().add_items(model, objs)
        index_changed()
        if objs:
            entries = IndexEntry.objects.filter(object_id__in=[str(obj.pk) for obj in objs])
            add_words([text for row in entries.values_list(*self.text_columns) for text in row])


class RebuildsVocabulary:
    """A database backend's rebuilder (update_index) that counts the vocabulary afresh once it is done."""

    def finish(self):
        super().finish()
        index_changed()
        columns = self.index.text_columns
        rebuild_vocabulary(" ".join(filter(None, row)) for row in IndexEntry.objects.values_list(*columns).iterator())


def condition_facet_sql(model, field):
    """UNION ALL of the condition facet of one tagged page type: condition id -> matching pages.

    The planner cannot see how many pages a match returns, so "+ 0" keeps it from looking each match
    up in the condition table's index one at a time; a hash join over that small table is several
    times faster.
    """
    if field.many_to_many:
        through = field.remote_field.through._meta
        table = through.db_table
        page_column = through.get_field(field.m2m_field_name()).column
        condition_column = through.get_field(field.m2m_reverse_field_name()).column
    else:
        table, page_column, condition_column = model._meta.db_table, model._meta.pk.column, field.column
    return f"""
            UNION ALL
            SELECT 'condition', t.{condition_column}, COUNT(*)
            FROM matches m JOIN {table} t ON t.{page_column} + 0 = m.id
            WHERE m.of_type GROUP BY t.{condition_column}"""
