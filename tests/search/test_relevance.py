"""What educators' searches find on the demo site, the same on SQLite and PostgreSQL: stems, stop
words inside titles, questions, plurals, hyphens and apostrophes, typos, and webinars ranked as
webinars (search/analysis.py, search/spelling.py)."""

import pytest
from django.utils.html import escape

from search.spelling import correction, edit_distance, vocabulary
from stories.factories import CaseStudyPageFactory
from stories.models import StoryIndexPage
from tests.search.test_search import result_titles, search

pytestmark = pytest.mark.django_db

FIRST, TOP3 = "first", "top 3"

RELEVANCE = [
    # Typos are corrected against the index's own words
    ("pomna", FIRST, "Teacher-led learning as a lever for equity"),
    ("pomna unified", FIRST, "Teacher-led learning as a lever for equity"),
    ("colective leadrship", TOP3, "Why collective leadership, and why now?"),
    ("webinr", TOP3, "Why collective leadership, and why now?"),
    ("spearmen", FIRST, "Collective leadership: An approach, not a program"),
    ("relationshps", FIRST, "Strengthening relationships and social norms"),
    ("playbok", FIRST, "The collective leadership playbook"),
    ("stratgy guide", FIRST, "The collective leadership playbook"),
    # Stems: a word finds its other forms
    ("norm", FIRST, "Strengthening relationships and social norms"),
    ("norms", FIRST, "Strengthening relationships and social norms"),
    ("co-teacher", FIRST, "Teacher-led learning as a lever for equity"),
    ("co-teaching", FIRST, "Teacher-led learning as a lever for equity"),
    ("sharing influence", FIRST, "Growing shared influence"),
    ("supportive administrators", FIRST, "Leading as a supportive administrator"),
    ("improving", TOP3, "Building an orientation toward improvement"),
    ("central offices", FIRST, "Building collective leadership from the central office"),
    # Plurals and singulars
    ("leaders", FIRST, "From one leader to many leaders"),
    ("school", FIRST, "Why our schools need collective leadership now"),
    ("schools", FIRST, "Why our schools need collective leadership now"),
    ("strategy guides", FIRST, "The collective leadership playbook"),
    # Stop words inside titles: the exact title comes first
    ("Why collective leadership, and why now?", FIRST, "Why collective leadership, and why now?"),
    ("why collective leadership and why now", FIRST, "Why collective leadership, and why now?"),
    ("From one leader to many leaders", FIRST, "From one leader to many leaders"),
    ("one leader to many", FIRST, "From one leader to many leaders"),
    ("An approach, not a program", FIRST, "Collective leadership: An approach, not a program"),
    ("three keys to foster collective leadership", FIRST, "Three keys to foster collective leadership"),
    ("the central office", FIRST, "Building collective leadership from the central office"),
    # A guide's section heading, apostrophe and all
    ("team's why", FIRST, "Playbook overview: getting started"),
    ("Understanding your team's why", FIRST, "Playbook overview: getting started"),
    # Questions find their answer with every word that matters, not a list of pages with any word
    ("how do teachers build trust?", FIRST, "Playbook overview: getting started"),
    ("what is collective leadership?", TOP3, "Why collective leadership, and why now?"),
    ("how can principals share leadership?", TOP3, "Why our schools need collective leadership now"),
    # Hyphens: joined or apart
    ("teacher-led", FIRST, "Teacher-led learning as a lever for equity"),
    ("teacher led", FIRST, "Teacher-led learning as a lever for equity"),
    ("Walker Gamble", FIRST, "Leading improvement, together"),
    ("self-assessment", FIRST, "Team readiness self-assessment"),
    ("self assessment", FIRST, "Team readiness self-assessment"),
    # Webinars rank above pages that only mention webinars
    ("webinar", TOP3, "Why collective leadership, and why now?"),
    ("webinars", TOP3, "From pilot to practice: sustaining collective leadership"),
    ("webinar", TOP3, "Building the conditions: vision and shared influence"),
    # One-word topics
    ("trust", FIRST, "Strengthening relationships and social norms"),
    ("equity", FIRST, "Teacher-led learning as a lever for equity"),
    ("induction", FIRST, "Teacher-led learning as a lever for equity"),
    ("privacy", FIRST, "Privacy policy"),
    # States by name and by code
    ("California", TOP3, "Teacher-led learning as a lever for equity"),
    ("CA", FIRST, "Teacher-led learning as a lever for equity"),
    ("SC", FIRST, "Leading improvement, together"),
    ("South Carolina", TOP3, "Leading improvement, together"),
    # Names run together
    ("walkergamble", FIRST, "Leading improvement, together"),
    ("stonecreek", FIRST, "From one leader to many leaders"),
    ("pomonaunified", FIRST, "Teacher-led learning as a lever for equity"),
    # Districts by acronym, and an editor's synonym of one naming a person's organisation
    ("PUSD", FIRST, "Teacher-led learning as a lever for equity"),
    ("SCDE", FIRST, "Leading improvement, together"),
    ("LBUSD", FIRST, "Building collective leadership from the central office"),
    # People's roles and organisations, authors and presenters alike
    ("state superintendent", TOP3, "Collective leadership: An approach, not a program"),
    ("state superintendent", TOP3, "From pilot to practice: sustaining collective leadership"),
    ("Hartville Ohio", TOP3, "Building the conditions: vision and shared influence"),
    ("gifted students", TOP3, "Three keys to foster collective leadership"),
    # A webinar's recording status
    ("recording", TOP3, "Why collective leadership, and why now?"),
    ("recording available", FIRST, "Why collective leadership, and why now?"),
    ("upcoming webinars", TOP3, "Building the conditions: vision and shared influence"),
    ("upcoming webinars", TOP3, "From pilot to practice: sustaining collective leadership"),
]


@pytest.mark.parametrize(
    "query, where, title", RELEVANCE, ids=[f"{query} ({where}: {title})" for query, where, title in RELEVANCE]
)
def test_relevance(client, query, where, title):
    titles = result_titles(search(client, query=query))
    assert title == titles[0] if where == FIRST else title in titles[:3], titles


# The same number of pages on both databases (SQLite had 3 for "trust", PostgreSQL 6).
TOTALS = [("trust", 6), ("norm", 2), ("norms", 2), ("schools", 16), ("school", 16), ("leading", 11)]


@pytest.mark.parametrize("query, total", TOTALS)
def test_both_databases_find_as_many_pages(client, query, total):
    assert search(client, query=query).context["outcome"].total == total


@pytest.mark.parametrize("query", ["big questions", "important tasks"])
def test_the_section_labels_of_guides_find_guides(client, query):
    results = list(search(client, query=query).context["outcome"].results)
    assert {result.type.search_slug for result in results[:3]} == {"strategy-guide"}


def test_webinars_outrank_pages_that_mention_webinars(client):
    types = [result.type.search_slug for result in search(client, query="webinars").context["outcome"].results]
    assert types[:3] == ["webinar"] * 3


def test_a_question_keeps_every_word_that_matters(client):
    outcome = search(client, query="how do teachers build trust?").context["outcome"]
    assert not outcome.broadened


# --- Typos ---------------------------------------------------------------------------------------


def test_a_corrected_search_says_so_and_offers_what_was_typed(client):
    response = search(client, query="pomna")
    assert response.context["outcome"].corrected_from == "pomna"
    assert (
        '<p class="notice">Showing results for <b>pomona</b>. Search instead for '
        '<a href="/search/?query=pomna&amp;literal=1">pomna</a></p>'
    ) in response.content.decode()


def test_search_instead_runs_the_literal_search(client):
    response = search(client, query="pomna", literal="1")
    assert response.context["outcome"].total == 0
    assert response.context["outcome"].corrected_from == ""
    assert "Showing results for" not in response.content.decode()


def test_a_word_the_index_matches_is_never_corrected(client):
    outcome = search(client, query="norm").context["outcome"]
    assert (outcome.corrected_from, outcome.query) == ("", "norm")


def test_no_close_word_no_correction(client):
    outcome = search(client, query="xylophone zeppelin").context["outcome"]
    assert (outcome.total, outcome.corrected_from) == (0, "")


def test_the_correction_is_escaped(client):
    response = search(client, query="pomna <i>")
    assert escape("<i>") not in response.content.decode().split("Showing results for")[1].split("</p>")[0]


def test_a_newly_published_word_can_be_corrected_to(demo_page):
    assert correction("quixotik") is None
    CaseStudyPageFactory(parent=demo_page(StoryIndexPage), title="A quixotic plan")
    assert correction("quixotik") == "quixotic"


@pytest.mark.parametrize(
    "a, b, edits",
    [("pomna", "pomona", 1), ("webinr", "webinar", 1), ("spearmen", "spearman", 1), ("leadrship", "leadership", 1)]
    + [("teh", "the", 1), ("trsut", "trust", 1), ("abc", "xyz", 3), ("same", "same", 0)],
)
def test_edit_distance(a, b, edits):
    assert edit_distance(a, b, limit=3) == edits


def test_the_vocabulary_is_read_once_per_change(django_assert_num_queries):
    vocabulary()
    with django_assert_num_queries(0):
        vocabulary()
        correction("pomna")
