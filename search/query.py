"""The site search: what a visitor asked for, and what the search backend found.

Views and the benchmark command both go through ``run_search`` so that what
is measured is what visitors get.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from core.page_types import PageType, searchable_types

from .highlight import highlight, searchable_text
from .models import SearchSynonym

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
RESULTS_PER_PAGE = 10
# More pages than any search has, and an offset every database's integers hold (a page number of 10**18
# overflowed PostgreSQL's bigint and SQLite's INTEGER); run_search shows the last page for any number past it.
MAX_PAGE_NUMBER = 1_000_000
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Characters the full-text engines treat as syntax (quotes, operators, brackets, *, :);
# letters, digits and in-word hyphens and apostrophes are all a search needs.
NOT_A_TERM = re.compile(r"[^\w\s'’-]|(?<!\w)['’-]+|['’-]+(?!\w)")


def types_by_slug():
    return {page_type.search_slug: page_type for page_type in searchable_types()}


def types_by_model():
    return {page_type.model: page_type for page_type in searchable_types()}


def condition_fields():
    """(model, field) for each searchable type tagged with system conditions (PageType.conditions_field)."""
    return [
        (page_type.model, page_type.model._meta.get_field(page_type.conditions_field))
        for page_type in searchable_types()
        if page_type.conditions_field
    ]


def clean_query(raw):
    """The query as the visitor typed it, made safe to keep: no control characters, single spaces, bounded."""
    text = unicodedata.normalize("NFKC", CONTROL.sub(" ", raw or ""))
    words = text.split()[:MAX_TERMS]
    return " ".join(words)[:MAX_QUERY_LENGTH].strip()


def search_terms(query):
    """The words of a cleaned query, with nothing a search engine could read as syntax."""
    return " ".join(NOT_A_TERM.sub(" ", query).split())


@dataclass
class Result:
    page: Page
    type: PageType
    excerpt: str
    promoted: bool = False

    @property
    def date(self):
        return getattr(self.page, self.type.date_field, None)

    @property
    def reading_time(self):
        return getattr(self.page, "reading_time", None)


@dataclass
class SearchOutcome:
    query: str
    results: object  # a Paginator page of Result
    total: int
    type_counts: dict = field(default_factory=dict)
    condition_counts: dict = field(default_factory=dict)
    broadened: bool = False


def searchable_pages():
    """Live, public, unexpired pages of the types search covers."""
    content_types = ContentType.objects.get_for_models(*types_by_model()).values()
    return (
        Page.objects.live()
        .public()
        .filter(content_type__in=list(content_types))
        # Expired pages stay live until publish_scheduled runs; never show them meanwhile.
        .exclude(pk__in=Page.objects.filter(expire_at__lte=timezone.now()).values("pk"))
    )


def condition_page_ids(conditions):
    """Ids of the pages about any of the given conditions: one subquery per page type tagged with them."""
    return [
        model.objects.filter(**{f"{field.name}__in": conditions}).values("pk").order_by()
        for model, field in condition_fields()
    ]


def about_conditions(conditions):
    """A filter for the case studies and guides about any of the given conditions."""
    about = Q(pk__in=[])
    for ids in condition_page_ids(conditions):
        about |= Q(pk__in=ids)
    return about


def backend_query(query, alternatives, operator="and"):
    """The query, OR-ed with its synonym rewrites."""
    queries = [PlainText(text, operator=operator) for text in [query, *alternatives]]
    return queries[0] if len(queries) == 1 else Or(queries)


@dataclass
class Found:
    """One search as the backend answered it: a slice of page ids, best first, and the counts."""

    page_ids: list
    total: int
    type_counts: dict  # content type id -> pages, honouring the condition filter
    condition_counts: dict  # condition id -> pages, honouring the type filter


def run_search(query, types=(), conditions=(), page_number=1, per_page=RESULTS_PER_PAGE):
    """Search with optional type and condition filters; every count honours the other filter."""
    query = search_terms(query)
    if not query:  # only punctuation or symbols: nothing to look for
        return SearchOutcome(query=query, results=Paginator([], per_page).get_page(1), total=0)
    alternatives = SearchSynonym.alternatives(query.lower())
    number = requested_page(page_number)
    by_model = types_by_model()
    find = (
        find_in_database if hasattr(get_search_backend().query_compiler_class, "ranked_entries") else find_with_facets
    )

    def search(operator, number):
        return find(backend_query(query, alternatives, operator), types, conditions, (number - 1) * per_page, per_page)

    operator = "and"
    found = search(operator, number)
    if not found.total and len(query.split()) > 1:
        # Nothing has every word: rank pages by how many of the words they have.
        operator = "or"
        found = search(operator, number)
    paginated = Paginator(range(found.total), per_page).get_page(number)
    if paginated.number != number:  # past the last page: show the last one, as Paginator.get_page does
        found = search(operator, paginated.number)

    terms = [word for text in [query, *alternatives] for word in text.split()]
    pages = {page.pk: page for page in Page.objects.filter(pk__in=found.page_ids).specific()}
    paginated.object_list = [
        Result(page, by_model[type(page)], highlight(searchable_text(page), terms))
        for page in (pages[pk] for pk in found.page_ids if pk in pages)
    ]
    return SearchOutcome(
        query=query,
        results=paginated,
        total=found.total,
        type_counts={t.search_slug: found.type_counts.get(t.content_type.pk, 0) for t in by_model.values()},
        condition_counts=found.condition_counts,
        broadened=operator == "or",
    )


def requested_page(page_number):
    try:
        return min(max(1, int(page_number)), MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        return 1


def find_in_database(backend_query, types, conditions, offset, limit):
    """Rank, slice and count in one statement over the database backend's index (see search/backends.py).

    The full-text match and the ranking run once; the results, the total and both facets
    are read from the same set of matches. The planner cannot see how many pages a match
    returns, so "+ 0" keeps it from looking each match up in the condition tables' indexes
    one at a time; a hash join over those small tables is several times faster.
    """
    results = Page.objects.all().search(backend_query)
    ranked_sql, ranked_params = results.query_compiler.ranked_entries(results.backend)
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
    sql = f"""
        WITH matches AS (
            SELECT p.id, p.content_type_id, r.score, ({type_test}) AS of_type, ({condition_test}) AS of_condition
            FROM ({pages_sql}) p
            JOIN ({ranked_sql}) r
              ON p.id = CAST(r.object_id AS INTEGER) AND p.content_type_id = r.content_type_id
        )
        SELECT * FROM (
            SELECT 'hit', id, score FROM matches WHERE of_type AND of_condition
            ORDER BY score DESC, id DESC LIMIT %s OFFSET %s
        ) hits
        UNION ALL
        SELECT 'type', content_type_id, COUNT(*) FROM matches WHERE of_condition GROUP BY content_type_id
        {"".join(condition_facet_sql(model, field) for model, field in condition_fields())}
    """
    params = [*type_params, *condition_params, *pages_params, *ranked_params, limit, offset]
    found = Found(page_ids=[], total=0, type_counts={}, condition_counts={})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, key, value in cursor.fetchall():
            if kind == "hit":
                found.page_ids.append(key)
            elif kind == "type":
                found.type_counts[key] = int(value)
            else:
                found.condition_counts[key] = found.condition_counts.get(key, 0) + int(value)
    selected = {t.content_type.pk for t in types} or found.type_counts
    found.total = sum(found.type_counts.get(pk, 0) for pk in selected)
    return found


def condition_facet_sql(model, field):
    """UNION ALL of the condition facet of one tagged page type: condition id -> matching pages."""
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


def find_with_facets(backend_query, types, conditions, offset, limit):
    """The same answer through modelsearch's API, for backends without ranked_entries (OpenSearch, Elasticsearch)."""
    base = searchable_pages()
    by_condition = base.filter(about_conditions(conditions)) if conditions else base
    by_type = base.filter(content_type__in=[t.content_type for t in types]) if types else base
    selected = by_type.filter(about_conditions(conditions)) if conditions else by_type
    results = selected.search(backend_query)
    counts = {}
    for model, tagged in condition_fields():
        matching = model.objects.filter(pk__in=by_type.values("pk")).search(backend_query)
        for condition_id, count in matching.facet(tagged.name if tagged.many_to_many else tagged.attname).items():
            counts[condition_id] = counts.get(condition_id, 0) + count
    return Found(
        page_ids=[page.pk for page in results[offset : offset + limit]],
        total=results.count(),
        type_counts=dict(by_condition.search(backend_query).facet("content_type_id")),
        condition_counts=counts,
    )
