"""A broad search ranks only its words' key pages (search/keywords.py): the key words kept in step with
the index, the same first page as ranking every match, and every match still found and counted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.query import Or, PlainText

from search import backends, keywords
from search.keywords import entry_keywords, query_keywords
from search.models import SearchKeyword
from search.query import RESULTS_PER_PAGE, run_search
from search.spelling import most_pages, pages_with
from stories.factories import CaseStudyPageFactory
from stories.models import StoryIndexPage
from tests.search.test_search import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_index():
    return StoryIndexPage.objects.live().get()


# The demo site's searches match a few dozen pages: counted as far as this, they are counted as a search of thousands is.
SMALL_BOUND = 5


@pytest.fixture
def every_search_broad(monkeypatch):
    """Count and rank the demo site's searches as a search of thousands is counted and ranked."""
    monkeypatch.setattr(backends, "COUNT_BOUND", SMALL_BOUND)
    monkeypatch.setattr(keywords, "ONE_STATEMENT_BELOW", 0)


def keywords_of(page):
    entry_ids = list(page.index_entries.values_list("id", flat=True))
    return dict(SearchKeyword.objects.filter(entry_id__in=entry_ids).values_list("word", "weight"))


def result_ids(query, **kwargs):
    return [result.page.pk for result in run_search(query, **kwargs).results]


def test_a_title_word_outweighs_body_words():
    weights = entry_keywords("Coaching teachers", "the coaching of teachers " * 3 + "trust " * 5)
    assert weights["coaching"] == 10 + 3
    assert weights["teacher"] == 10 + 3  # plurals as singulars, as a query's words are read
    assert weights["trust"] == 5
    assert "the" not in weights and "of" not in weights


def test_only_the_most_frequent_body_words_are_kept():
    body = " ".join(f"word{n} " * 3 for n in range(60)) + "rareword"
    weights = entry_keywords("A title", body)
    assert "rareword" not in weights
    assert len(weights) == 40 + 1  # the title's one content word, and forty of the body's


def test_how_many_pages_a_search_matches_is_estimated_from_the_vocabulary():
    leadership, trust = pages_with("leadership"), pages_with("trust")
    assert keywords.estimated_pages(PlainText("leadership", operator="and")) == leadership
    assert keywords.estimated_pages(PlainText("leadership trust", operator="and")) == pytest.approx(
        leadership * trust / most_pages()
    )
    assert keywords.estimated_pages(PlainText("leadership trust", operator="or")) == min(
        most_pages(), leadership + trust
    )
    assert keywords.estimated_pages(PlainText("of", operator="and")) == most_pages()  # a word it does not keep


def test_a_query_and_its_synonyms_give_their_key_words():
    query = Or([PlainText("teacher leaders", operator="and"), PlainText("PUSD", operator="and")])
    assert query_keywords(query) == ["teacher", "leader", "pusd"]


def test_indexing_and_deleting_a_page_keep_its_key_words(story_index):
    page = CaseStudyPageFactory(parent=story_index, title="Quillwort gardens")
    assert keywords_of(page)["quillwort"] >= 10
    entry_ids = list(page.index_entries.values_list("id", flat=True))
    page.delete()
    assert not SearchKeyword.objects.filter(entry_id__in=entry_ids).exists()


def test_a_broad_search_ranks_its_key_pages_as_every_match_is_ranked(every_search_broad, monkeypatch):
    broad = run_search("collective leadership")
    assert broad.more
    monkeypatch.setattr(backends, "COUNT_BOUND", 10_000)
    monkeypatch.setattr(keywords, "ONE_STATEMENT_BELOW", 10_000)
    assert [result.page.pk for result in broad.results] == result_ids("collective leadership")


def test_a_broad_search_ranks_among_its_key_pages(client, every_search_broad):
    with CaptureQueriesContext(connection) as queries:
        outcome = search(client, query="leadership").context["outcome"]
    ranking = [query["sql"] for query in queries.captured_queries if "ORDER BY score DESC" in query["sql"]]
    assert len(ranking) == 1 and SearchKeyword._meta.db_table in ranking[0]
    assert outcome.more and len(outcome.results) == RESULTS_PER_PAGE


def test_a_page_outside_the_key_pages_is_still_found(story_index, every_search_broad, monkeypatch):
    # Their one mention of the word is not among their forty most frequent: only ranking every match finds them.
    monkeypatch.setattr(backends, "COUNT_BOUND", 1)
    body = [("paragraph", "<p>" + " ".join(f"filler{n} " * 3 for n in range(60)) + " quillwort</p>")]
    pages = [CaseStudyPageFactory(parent=story_index, title=f"A story about teams {n}", body=body) for n in (1, 2)]
    assert all("quillwort" not in keywords_of(page) for page in pages)
    outcome = run_search("quillwort")
    assert outcome.more and {result.page.pk for result in outcome.results} == {page.pk for page in pages}


def test_a_filtered_broad_search_still_fills_its_page(client, every_search_broad):
    outcome = search(client, query="leadership", type="webinar").context["outcome"]
    assert {result.type.search_slug for result in outcome.results} == {"webinar"}
    assert len(outcome.results) == min(10, outcome.total)


def test_a_search_past_the_bound_says_more_than_and_offers_every_filter(client, every_search_broad):
    response = search(client, query="leadership")
    html = response.content.decode()
    assert f"More than {SMALL_BOUND} results for" in html
    # Not counted, so no count is shown, and no filter is hidden for finding nothing.
    assert 'class="count"' not in html
    for slug in ("case-study", "roundtable-post", "webinar", "strategy-guide"):
        assert f'id="type-{slug}"' in html


def test_a_filtered_search_short_of_the_bound_is_counted_in_full(client, every_search_broad):
    outcome = search(client, query="leadership", type="webinar").context["outcome"]
    assert not outcome.more and outcome.total == len(outcome.results) > 0
    # Every type's count, though the type filter off would find more than the bound.
    assert sum(outcome.type_counts.values()) > SMALL_BOUND and outcome.type_counts["webinar"] == outcome.total
