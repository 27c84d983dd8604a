"""Site search: relevance, filters and counts, highlighting, autocomplete, promotions,
logging, synonyms, what must never appear, and hostile input."""

import datetime
import json

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from playbook.models import StrategyGuidePage
from search import backends
from search.highlight import highlight
from search.models import SearchSynonym, SearchVisitors, UnansweredSearch
from search.query import clean_query, searchable_pages
from search.views import POPULAR_SEARCH_MIN_VISITORS
from stories.factories import CaseStudyPageFactory
from stories.models import CaseStudyPage, RoundtablePostPage, StoryIndexPage
from taxonomy.models import SystemCondition
from webinars.models import WebinarPage

pytestmark = pytest.mark.django_db

SEARCH_URL = "/search/"


def search(client, **params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    return response


def result_titles(response):
    return [result.page.title for result in response.context["outcome"].results]


@pytest.fixture
def story_index():
    return StoryIndexPage.objects.live().get()


# --- Relevance: the page that must come first ------------------------------------------------------

RELEVANCE = [
    # Titles and places
    ("Walker-Gamble", "Leading improvement, together"),
    ("Stone Creek", "From one leader to many leaders"),
    ("equity", "Teacher-led learning as a lever for equity"),
    # A district's name and its acronym find its story
    ("Pomona", "Teacher-led learning as a lever for equity"),
    ("PUSD", "Teacher-led learning as a lever for equity"),
    # People's names find their posts
    ("Nader Twal", "Building collective leadership from the central office"),
    ("Tricia Ebner", "Three keys to foster collective leadership"),
    ("Molly Spearman", "Collective leadership: An approach, not a program"),
    ("Barnett Berry", "Why our schools need collective leadership now"),
    # Condition names find their guide
    ("vision and strategy", "Shaping a shared vision and strategy"),
    ("supportive administration", "Leading as a supportive administrator"),
    ("capacity and resources", "Building capacity and finding resources"),
    ("enabling work structures", "Designing enabling work structures"),
    ("relationships and social norms", "Strengthening relationships and social norms"),
    ("shared influence", "Growing shared influence"),
    ("orientation toward improvement", "Building an orientation toward improvement"),
    # The self-assessment tool
    ("readiness self-assessment", "Team readiness self-assessment"),
]


@pytest.mark.parametrize("query, first", RELEVANCE, ids=[query for query, _ in RELEVANCE])
def test_relevance(client, query, first):
    assert result_titles(search(client, query=query))[0] == first


def test_title_match_ranks_above_body_matches(client, story_index):
    body = [("paragraph", "<p>" + " ".join(["quixotry appears here"] * 5) + "</p>")]
    in_body = CaseStudyPageFactory(parent=story_index, title="A story about teams", body=body)
    in_title = CaseStudyPageFactory(parent=story_index, title="Quixotry in the staff room")
    titles = result_titles(search(client, query="quixotry"))
    assert titles.index(in_title.title) < titles.index(in_body.title)


# --- Filters, counts, pagination -------------------------------------------------------------------


def test_type_filter_narrows_results_and_counts_every_type(client):
    everything = search(client, query="leadership").context["outcome"]
    filtered = search(client, query="leadership", type="roundtable-post").context["outcome"]
    assert filtered.total == everything.type_counts["roundtable-post"] > 0
    assert {result.type.search_slug for result in filtered.results} == {"roundtable-post"}
    # The type counts stay the counts for every type, so visitors can switch.
    assert filtered.type_counts == everything.type_counts


def test_condition_filter_and_counts(client):
    condition = SystemCondition.objects.get(slug="shared-influence")
    response = search(client, query="leadership", condition=condition.slug)
    outcome = response.context["outcome"]
    about_condition = {
        pk
        for model, field in [
            (CaseStudyPage, "conditions"),
            (RoundtablePostPage, "conditions"),
            (WebinarPage, "conditions"),
            (StrategyGuidePage, "condition"),
        ]
        for pk in model.objects.filter(**{field: condition}).values_list("pk", flat=True)
    }
    expected = {page.pk for page in searchable_pages().filter(pk__in=about_condition).search("leadership")}
    assert {result.page.pk for result in outcome.results} == expected
    assert outcome.total == len(expected)
    unfiltered = search(client, query="leadership").context["outcome"]
    assert unfiltered.condition_counts[condition.pk] == len(expected)


def test_the_condition_filter_covers_every_type_that_has_conditions(client):
    response = search(client, query="leadership", condition="shared-influence")
    counts = response.context["outcome"].type_counts
    assert all(counts[slug] for slug in ["case-study", "roundtable-post", "webinar"]), counts
    assert 'value="webinar"' in response.content.decode()  # offered as a filter, with a count


@pytest.mark.parametrize("model", [RoundtablePostPage, WebinarPage])
def test_editors_choose_the_conditions_of_posts_and_webinars(admin_client, model):
    page = model.objects.live().filter(conditions__isnull=False).first()
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert all(f'name="conditions" value="{condition.pk}"' in html for condition in SystemCondition.objects.all())


def test_filters_combine(client):
    response = search(client, query="influence", type="strategy-guide", condition="shared-influence")
    titles = result_titles(response)
    assert titles == ["Growing shared influence"]


def test_pagination_keeps_the_query_and_filters(client, story_index):
    for number in range(25):
        CaseStudyPageFactory(parent=story_index, title=f"Paging probe {number}", summary="paginationprobe")
    first = search(client, query="paginationprobe", type="case-study")
    html = first.content.decode()
    assert 'href="?query=paginationprobe&amp;type=case-study&amp;page=2"' in html
    second = search(client, query="paginationprobe", type="case-study", page=2).context["outcome"]
    third = search(client, query="paginationprobe", type="case-study", page=3).context["outcome"]
    assert second.total == 25 and len(second.results) == 10 and len(third.results) == 5
    seen = set(result_titles(first)) | {r.page.title for r in second.results} | {r.page.title for r in third.results}
    assert len(seen) == 25


def test_results_show_type_date_reading_time_and_highlighted_excerpt(client):
    html = search(client, query="disproportionality").content.decode()
    story = CaseStudyPage.objects.get(title="Teacher-led learning as a lever for equity")
    assert "Case study · <time" in html
    assert f"{story.reading_time} min read" in html
    assert "<mark>disproportionality</mark>" in html


def test_a_broad_query_falls_back_to_any_word(client):
    outcome = search(client, query="Walker-Gamble zzyzx").context["outcome"]
    assert outcome.broadened and outcome.total >= 1


# --- Highlighting -------------------------------------------------------------------------------


def test_highlight_escapes_text_and_marks_terms():
    html = highlight("Teachers <script>alert(1)</script> lead & leaders grow", ["lead", "<script>"])
    assert "<script>" not in html
    assert "&lt;<mark>script&gt;</mark>" not in html  # terms are matched as words, never as markup
    assert "<mark>lead</mark> &amp; <mark>lead</mark>ers" in html


def test_highlight_starts_near_the_first_match():
    text = " ".join(["filler"] * 80) + " the needle is here " + " ".join(["tail"] * 80)
    html = highlight(text, ["needle"])
    assert html.startswith("… ") and "<mark>needle</mark>" in html and html.endswith(" …")


def test_rich_text_excerpts_show_its_characters_and_keep_list_items_apart(client, story_index):
    # Stored rich text holds "&amp;" and one tag between two list items; the excerpt is escaped once, and the
    # items are two words.
    body = [("paragraph", "<p>Tom &amp; Jerry&#x27;s</p><ul><li>quillwort</li><li>norms</li></ul>")]
    CaseStudyPageFactory(parent=story_index, title="Rich text probe", body=body)
    html = search(client, query="quillwort").content.decode()
    assert "Tom &amp; Jerry&#x27;s <mark>quillwort</mark> norms" in html
    assert "&amp;amp;" not in html


def test_page_text_is_escaped_in_excerpts(client, story_index):
    CaseStudyPageFactory(parent=story_index, title="Escaping probe", summary='escapeprobe: 5 < 6 & "7" > 3')
    html = search(client, query="escapeprobe").content.decode()
    assert "<mark>escapeprobe</mark>: 5 &lt; 6 &amp; &quot;7&quot; &gt; 3" in html


# --- Autocomplete ---------------------------------------------------------------------------------


def test_suggestions_complete_titles(client):
    response = client.get("/search/suggest/", {"query": "improv"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    suggestions = json.loads(response.content)["suggestions"]
    assert {
        "title": "Leading improvement, together",
        "type": "Case study",
        "url": "/school-stories/walker-gamble-elementary/",
    } in suggestions
    assert {
        "title": "Building an orientation toward improvement",
        "type": "Strategy guide",
        "url": "/playbook/orientation-toward-improvement/",
    } in suggestions


def suggested(client, query):
    response = client.get("/search/suggest/", {"query": query})
    assert response.status_code == 200
    return json.loads(response.content)["suggestions"]


@pytest.mark.parametrize(
    "prefix, title, kind",
    [
        ("pom", "Teacher-led learning as a lever for equity", "Case study"),  # a district's name
        ("nad", "Building collective leadership from the central office", "Roundtable post"),  # an author
        ("spear", "From pilot to practice: sustaining collective leadership", "Webinar"),  # a presenter
        ("walk", "Leading improvement, together", "Case study"),  # a school, not in the title
        ("PUSD", "Teacher-led learning as a lever for equity", "Case study"),  # a district's acronym
        ("webi", "Why collective leadership, and why now?", "Webinar"),  # what the page is
        ("orient", "Building an orientation toward improvement", "Strategy guide"),  # any word of a title
        ("Nader Tw", "Building collective leadership from the central office", "Roundtable post"),
        ("lead impro", "Leading improvement, together", "Case study"),  # every word a prefix
        ("walker-gam", "Leading improvement, together", "Case study"),
    ],
)
def test_suggestions_complete_any_word_of_titles_people_places_and_acronyms(client, prefix, title, kind):
    assert (title, kind) in [(item["title"], item["type"]) for item in suggested(client, prefix)]


def test_suggestions_take_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    suggested(client, "co")  # content types and sites, cached for every later request
    for prefix in ["co", "lead", "nad"]:
        # The view restrictions public() leaves out, the match itself, the next page expiry (how long the
        # suggestions are remembered: search/remembered.py), the site the addresses are on.
        with django_assert_max_num_queries(4):
            assert suggested(client, prefix)


def test_suggestions_from_the_best_entries_are_those_from_every_entry(client, monkeypatch):
    every_entry = suggested(client, "lead")
    assert len(every_entry) == 8
    for candidates in (1, 9):  # too few searchable pages among them, and enough
        cache.clear()
        monkeypatch.setattr(backends, "COMPLETING_CANDIDATES", candidates)
        assert suggested(client, "lead") == every_entry


@pytest.mark.parametrize("query", ["", "a", " ", "<script>", "x" * 10_000, "\x00\x01", "🙂🙂"])
def test_suggestions_cope_with_short_and_hostile_input(client, query):
    response = client.get("/search/suggest/", {"query": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_search_boxes_offer_suggestions_progressively(client):
    html = client.get("/").content.decode()
    assert 'data-suggest="/search/suggest/"' in html
    assert 'src="/static/search/suggest.js" defer' in html


# --- Promotions, query log, searches with no results --------------------------------------------


def test_editors_picks_appear_above_results(client):
    html = search(client, query="playbook").content.decode()
    assert "Recommended" in html
    assert html.index("Recommended") < html.index('<ol class="search-results"')


def every_result(client, **params):
    """The pages listed on every results page of a search, in order."""
    first = search(client, **params).context
    pages = [result.page for result in first["outcome"].results]
    for number in first["outcome"].results.paginator.page_range[1:]:
        pages += [result.page for result in search(client, page=number, **params).context["outcome"].results]
    return first, pages


def test_a_promoted_page_is_shown_once_and_counted_once(client, story_index):
    for number in range(12):  # enough for a second results page
        CaseStudyPageFactory(parent=story_index, title=f"Playbook in practice {number}")
    context, listed = every_result(client, query="playbook")
    [pick] = context["promotions"]
    assert pick.page.specific not in listed and len(set(listed)) == len(listed)
    assert context["results_count"] == len(listed) + 1 == context["outcome"].total
    html = search(client, query="playbook").content.decode()
    shown = html[html.index('id="results-heading"') : html.index("</section>")]
    assert f"{len(listed) + 1} results for" in shown and shown.count(f'href="{pick.page.url}"') == 1
    # The type counts still count it: choosing its type lists it.
    playbook_pages = context["outcome"].type_counts["playbook"]
    assert playbook_pages == 1 and result_titles(search(client, query="playbook", type="playbook")) == [pick.page.title]


def test_searches_are_logged_and_unanswered_ones_recorded(client):
    search(client, query="Leadership")
    search(client, query="leadership")
    assert Query.get("leadership").hits == 2
    search(client, query="nothingmatchesthis")
    search(client, query="nothingmatchesthis", page=2)  # later pages are not counted again
    assert UnansweredSearch.objects.get(query_string="nothingmatchesthis").hits == 1


# --- Popular searches: offered to every visitor, so never planted by one ------------------------

SPAM = "scam-call 1-800-555-0100 leadership"  # finds pages through its one ordinary word


def popular(client):
    return search(client, query="nothingmatchesthis").context["popular_searches"]


def from_address(client, address, **params):
    response = client.get(SEARCH_URL, params, REMOTE_ADDR=address)
    assert response.status_code == 200
    return response


def approve(query_string, page):
    """An editor makes a pick for the query (Settings › Promoted search results)."""
    SearchPromotion.objects.create(query=Query.get(query_string), page=page, sort_order=0)


def test_one_address_repeating_a_query_never_makes_it_popular(client, settings, figure):
    settings.SEARCH_RATE_LIMIT = 10**6  # the count, not the rate limit, is what must hold
    for _ in range(100):
        from_address(client, "203.0.113.9", query=SPAM)
        from_address(client, "203.0.113.9", query="playbook")  # approved by the demo's editors
    planted = popular(client)
    figure("popular searches after one address made 2 queries 100 times each", len(planted))
    assert planted == []
    # Many visitors do not make an unapproved query popular either.
    for visitor in range(10):
        from_address(client, f"198.51.100.{visitor}", query=SPAM)
    assert popular(client) == []
    for visitor in range(POPULAR_SEARCH_MIN_VISITORS - 1):
        from_address(client, f"198.51.100.{visitor}", query="playbook")
    assert popular(client) == ["playbook"]
    assert Query.get(SPAM).hits == 110 and not SearchVisitors.objects.filter(query_string=SPAM).exists()


def test_a_query_that_matched_nothing_is_never_offered(client, home_page, story_index):
    approve("zzqx", home_page)
    story = CaseStudyPageFactory(parent=story_index, title="Quokka collective")
    approve("quokka", home_page)
    for visitor in range(POPULAR_SEARCH_MIN_VISITORS + 2):
        from_address(client, f"198.51.100.{visitor}", query="zzqx")
        from_address(client, f"198.51.100.{visitor}", query="quokka")
    assert popular(client) == ["quokka"]
    # Its story is taken down: the next search for it finds nothing, and it is offered no more.
    story.unpublish()
    assert search(client, query="quokka").context["outcome"].total == 0
    assert popular(client) == []


def test_no_address_is_stored_with_the_counts(client):
    from_address(client, "192.0.2.77", query="playbook")
    from_address(client, "192.0.2.77", query="playbook")
    rows = list(SearchVisitors.objects.values_list("query_string", "day", "visitors"))
    assert rows == [("playbook", timezone.localdate(), 1)]
    assert "192.0.2.77" not in str(list(SearchVisitors.objects.values()))


def test_no_results_page_echoes_query_and_offers_ways_on(client):
    html = search(client, query="<b>zzqx</b>", type="webinar").content.decode()
    assert "&lt;b&gt;zzqx&lt;/b&gt;" in html and "<b>zzqx</b>" not in html
    assert "Search again without filters" in html
    assert "Browse the site" in html and 'href="/playbook/"' in html


def test_a_search_that_finds_nothing_says_so(client):
    html = search(client, query="zzqx quokkaless").content.decode()
    assert "No results for “zzqx quokkaless”" in html
    assert "No page has every word" not in html and "Filter" not in html
    assert "Browse the site" in html


def test_a_search_that_the_filters_empty_offers_each_one_to_remove(client):
    [about] = SystemCondition.objects.filter(case_studies__title__contains="equity").values_list("slug", flat=True)[:1]
    response = search(client, query="Pomona", type="webinar", condition=about)
    assert response.context["outcome"].total == 0
    html = response.content.decode()
    assert "Remove the filter </span>Webinars" in html
    assert f'href="/search/?query=Pomona&amp;condition={about}"' in html
    assert 'href="/search/?query=Pomona&amp;type=webinar"' in html
    # Without the type, the search finds what it is about.
    assert search(client, query="Pomona", condition=about).context["outcome"].total


def test_editors_picks_are_offered_when_nothing_else_is_found(client, home_page):
    approve("zzqx", home_page)
    html = search(client, query="zzqx").content.decode()
    assert "Recommended" in html and f'href="{home_page.url}"' in html and "Browse the site" in html


def test_markup_in_a_query_is_not_searched_for(client):
    plain = search(client, query="trust").context["outcome"]
    response = search(client, query="<b>trust</b>")
    marked = response.context["outcome"]
    assert marked.query == "trust" and marked.total == plain.total
    html = response.content.decode()
    assert "<mark>b" not in html.lower() and "&lt;b&gt;trust&lt;/b&gt;" in html


@pytest.mark.parametrize("query, terms", [("<i>Walker-Gamble</i>", "Walker-Gamble"), ("x y norms", "norms")])
def test_lone_letters_are_left_out_of_the_terms(client, query, terms):
    assert search(client, query=query).context["outcome"].query == terms


def test_the_search_page_has_one_search_box_and_only_filters_that_find_something(client):
    response = search(client, query="pomona")
    html = response.content.decode()
    assert html.count('type="search"') == 1
    assert '<details class="search-filters">' in html and "(0)" not in html
    # A chosen filter stays on offer, and the collapsed filters say which are on.
    response = search(client, query="pomona", type="webinar")
    html = response.content.decode()
    assert 'id="type-webinar" checked' in html and "(0)" in html
    assert ": Webinars</span></summary>" in html


def test_staff_see_searches_with_no_results(client, admin_client):
    search(client, query="nothingmatchesthis")
    html = admin_client.get("/admin/reports/unanswered-searches/").content.decode()
    assert "nothingmatchesthis" in html
    assert client.get("/admin/reports/unanswered-searches/").status_code == 302


def test_search_terms_report_shows_popular_searches(client, admin_client):
    search(client, query="leadership")
    response = admin_client.get("/admin/searchpicks/reports/search-terms/")
    assert response.status_code == 200 and "leadership" in response.content.decode()


# --- Synonyms -------------------------------------------------------------------------------------


def test_synonyms_expand_a_query(client, story_index):
    CaseStudyPageFactory(parent=story_index, title="Mountain Valley Unified story", summary="synonym probe")
    assert "Mountain Valley Unified story" not in result_titles(search(client, query="MVUSD"))
    SearchSynonym.objects.create(terms="MVUSD\nMountain Valley Unified")
    assert result_titles(search(client, query="MVUSD"))[0] == "Mountain Valley Unified story"


def test_synonym_alternatives_replace_whole_terms_only():
    SearchSynonym.objects.create(terms="CLI\nCollective Leadership Initiative")
    assert SearchSynonym.alternatives("cli schools") == ["collective leadership initiative schools"]
    assert SearchSynonym.alternatives("clinic") == []


# --- Never shown: drafts, unpublished, private, expired ---------------------------------------


def probe(story_index, word="visibilityprobe", **kwargs):
    return CaseStudyPageFactory(parent=story_index, title=f"Probe {word}", summary=word, **kwargs)


def found(client, word="visibilityprobe"):
    return search(client, query=word).context["outcome"].total


def test_unpublishing_and_publishing_update_results_at_once(client, story_index):
    page = probe(story_index)
    assert found(client) == 1
    page.unpublish()
    assert found(client) == 0
    page.save_revision().publish()
    assert found(client) == 1


def test_drafts_never_appear(client, story_index):
    page = probe(story_index, live=False)
    assert found(client) == 0
    page.title = "Probe draftonlyword"
    page.save_revision()  # a draft change to a page that is not live
    assert found(client, "draftonlyword") == 0


def test_private_pages_never_appear(client, story_index):
    page = probe(story_index)
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.first() or Group.objects.create(name="Staff"))
    assert found(client) == 0


def test_expired_pages_never_appear(client, story_index):
    probe(story_index, expire_at=timezone.now() - datetime.timedelta(minutes=1))
    assert found(client) == 0


# --- Remembered results (search/backends/): a repeated search skips the ranking, never shows the past --


def ranked(queries):
    return [query for query in queries.captured_queries if "WITH matches" in query["sql"]]


def test_a_repeated_search_is_answered_without_ranking_again(client):
    first = search(client, query="leadership").context["outcome"]
    with CaptureQueriesContext(connection) as queries:
        again = search(client, query="leadership").context["outcome"]
    assert ranked(queries) == []
    assert [result.page.pk for result in again.results] == [result.page.pk for result in first.results]
    assert (again.total, again.type_counts) == (first.total, first.type_counts)


def test_a_remembered_search_shows_a_page_published_after_it_and_drops_one_taken_down(client, story_index):
    assert found(client) == 0
    page = probe(story_index)
    assert found(client) == 1
    page.unpublish()
    assert found(client) == 0


def test_remembered_suggestions_offer_a_page_published_after_them(client, story_index):
    assert "Quinceprobe garden" not in [item["title"] for item in suggested(client, "quincep")]
    CaseStudyPageFactory(parent=story_index, title="Quinceprobe garden")
    assert "Quinceprobe garden" in [item["title"] for item in suggested(client, "quincep")]


def test_a_remembered_search_drops_a_page_made_private(client, story_index):
    page = probe(story_index)
    assert found(client) == 1
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert found(client) == 0
    restriction.delete()
    assert found(client) == 1


def test_a_remembered_search_is_kept_no_longer_than_until_the_next_page_expires(client, story_index):
    probe(story_index, expire_at=timezone.now() + datetime.timedelta(minutes=2))
    assert found(client) == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        assert found(client) == 0


# --- Fixed query count ----------------------------------------------------------------------------


def count_queries(client, **params):
    search(client, **params)  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as queries:
        search(client, **params)
    return len(queries)


def test_query_count_does_not_grow_with_results(client, story_index):
    for number in range(5):
        CaseStudyPageFactory(parent=story_index, title=f"Count probe {number}", summary="countprobe")
    with_five = count_queries(client, query="countprobe")
    for number in range(45):
        CaseStudyPageFactory(parent=story_index, title=f"Count probe more {number}", summary="countprobe")
    assert count_queries(client, query="countprobe") <= with_five


# --- Bad input ------------------------------------------------------------------------------------

HOSTILE = [
    "",
    "   ",
    "x" * 10_000,
    "a" * 10_000 + " b",
    '"',
    '"unterminated',
    "&",
    "|",
    "!",
    ":*",
    "a & b | !c :*",
    "\\",
    "\\\\'",
    "'; DROP TABLE wagtailcore_page; --",
    "1 OR 1=1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "🙂 émoji ünïcödé 漢字",
    "\x00",
    "\u202e",
    "NEAR(a b)",
    "AND OR NOT",
    "title:leadership",
    "*",
    "-",
    "(",
    ")",
    "^",
    "{}",
    "a\nb\r\nc\t",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_get_a_normal_page(client, query):
    html = search(client, query=query).content.decode()
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"page": "1e9"},
        {"type": "nonsense"},
        {"condition": "<script>"},
        {"type": ["case-study", "case-study", "bogus"]},
    ],
)
def test_bad_pages_and_filters_get_a_normal_page(client, params):
    search(client, query="leadership", **params)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300), page=st.one_of(st.none(), st.text(max_size=8)), kind=st.text(max_size=20))
def test_fuzzed_search_input_never_errors_or_reflects_markup(client, query, page, kind):
    params = {"query": query, "type": kind}
    if page is not None:
        params["page"] = page
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    cleaned = clean_query(query)
    if "<" in cleaned:
        assert cleaned not in response.content.decode()
