"""The site search's backends (search/backends/): one answer whichever backend, and what of
modelsearch beyond its public API the database backends rely on, pinned so an upgrade fails here."""

import importlib.util
import re

import pytest
from django.conf import settings
from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from ctqsite.settings.base import search_backend
from search.backends import DatabaseSiteSearch, SiteSearch
from search.models import SearchSynonym
from search.query import backend_query, searchable_pages, types_by_slug
from taxonomy.models import SystemCondition

pytestmark = pytest.mark.django_db

SEARCH_URL_BACKENDS = ["opensearch2", "opensearch3", "elasticsearch7", "elasticsearch8", "elasticsearch9"]


def test_settings_choose_our_backend_for_the_database():
    backend = get_search_backend()
    assert isinstance(backend, DatabaseSiteSearch)
    assert (
        type(backend).__module__
        == {"postgresql": "search.backends.postgres", "sqlite": "search.backends.sqlite"}[connection.vendor]
    )


@pytest.mark.parametrize("name", SEARCH_URL_BACKENDS)
def test_every_search_url_backend_has_its_module(name):
    """Each subclasses modelsearch's backend of the same name (importing one needs its client library)."""
    backend = search_backend(
        f"{name}+https://search.internal:9200", settings.DATABASES["default"]["ENGINE"], "ctqsite_"
    )
    assert backend["BACKEND"] == f"search.backends.{name}"
    assert importlib.util.find_spec(backend["BACKEND"]) is not None


def modelsearch_query(query):
    return backend_query(query, SearchSynonym.alternatives(query.lower()))


@pytest.mark.parametrize(
    "query, type_slugs, condition_slugs",
    [
        ("leadership", [], []),
        ("teacher leaders", ["case-study", "strategy-guide"], []),
        ("leadership", [], ["shared-influence", "vision-and-strategy"]),
        ("PUSD", ["case-study"], ["shared-influence"]),
        ("xylophone", [], []),
    ],
)
def test_one_statement_search_agrees_with_modelsearch_api(query, type_slugs, condition_slugs):
    """The database backends' find and SiteSearch's (modelsearch's API, as on OpenSearch) give the same answer."""
    backend = get_search_backend()
    types = [types_by_slug()[slug] for slug in type_slugs]
    conditions = list(SystemCondition.objects.filter(slug__in=condition_slugs))
    fast = backend.find(modelsearch_query(query), types, conditions, 0, 1_000)
    reference = SiteSearch.find(backend, modelsearch_query(query), types, conditions, 0, 1_000)
    assert fast.total == reference.total == len(fast.page_ids)
    assert set(fast.page_ids) == set(reference.page_ids)
    assert fast.type_counts == reference.type_counts
    assert {k: v for k, v in fast.condition_counts.items() if v} == {
        k: v for k, v in reference.condition_counts.items() if v
    }
    # A slice is the same ranking, cut.
    assert backend.find(modelsearch_query(query), types, conditions, 2, 3).page_ids == fast.page_ids[2:5]


def test_both_leave_promoted_pages_out_and_count_them():
    backend = get_search_backend()
    everything = backend.find(modelsearch_query("leadership"), [], [], 0, 1_000)
    unmatched = Page.objects.get(depth=1).pk  # the tree's root: never a search result
    promoted = [everything.page_ids[0], everything.page_ids[3], unmatched]
    for find in (backend.find, lambda *args: SiteSearch.find(backend, *args)):
        found = find(modelsearch_query("leadership"), [], [], 0, 1_000, promoted)
        assert found.page_ids == [pk for pk in everything.page_ids if pk not in promoted]
        assert (found.total, found.promoted_total, found.type_counts) == (everything.total, 2, everything.type_counts)
        assert find(modelsearch_query("leadership"), [], [], 2, 3, promoted).page_ids == found.page_ids[2:5]


@pytest.mark.parametrize("query", ["leadership", "teacher leaders", "Walker-Gamble", "shared influence"])
def test_one_statement_ranking_is_modelsearchs(query):
    """The score written out in ranked_entries orders pages as modelsearch's own search does with our compiler."""
    backend = get_search_backend()
    ranked = backend.find(modelsearch_query(query), [], [], 0, 1_000).page_ids
    assert ranked == [page.pk for page in backend.search(modelsearch_query(query), searchable_pages())]


def test_index_entries_have_the_columns_ranked_entries_reads():
    columns = {field.column for field in IndexEntry._meta.concrete_fields}
    assert {"object_id", "content_type_id", "title", "body", "title_norm"} <= columns


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_weighs_titles_five_times_body_text():
    """bm25() takes its weights by column position: a reordered FTS table would weigh body text as titles."""
    backend = get_search_backend()
    sql, _ = backend.query_compiler_class(Page.objects.all(), modelsearch_query("leadership")).ranked_entries(backend)
    table, weights = re.search(r"bm25\((\w+), ([^)]*)\)", sql).groups()
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA table_info({table})")
        columns = [row[1] for row in cursor.fetchall()]
    assert dict(zip(columns, map(float, weights.split(", ")), strict=True)) == {
        "autocomplete": 0.0,
        "body": 1.0,
        "title": 5.0,
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgresql_matches_through_the_gin_index():
    """modelsearch matches on title || body; migration search 0002 indexes that expression."""
    backend = get_search_backend()
    sql, params = backend.query_compiler_class(Page.objects.all(), modelsearch_query("leadership")).ranked_entries(
        backend
    )
    with connection.cursor() as cursor:
        # On a table this small a sequential scan is cheaper; what matters is that the index can serve the match.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_indexentry_title_body_gin" in plan
    assert "Seq Scan" not in plan


def test_searchable_pages_leave_out_expired_pages_through_an_index():
    """search 0006: without it every search and suggestion read the whole page table to find expired pages."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    assert constraints["search_page_expire_at"]["columns"] == ["expire_at"]
