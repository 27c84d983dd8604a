"""The bulk content generator makes valid, live, renderable pages and removes exactly them; the benchmark runs."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from devtools.management.commands.generate_bulk_content import BULK_PERSON_MARKER, BULK_SLUG_PREFIX
from playbook.models import StrategyGuidePage
from search.query import run_search
from stories.models import CaseStudyPage, RoundtablePostPage, StoryIndexPage
from taxonomy.models import Person
from webinars.models import WebinarPage

pytestmark = pytest.mark.django_db

BULK_TYPES = {CaseStudyPage, RoundtablePostPage, StrategyGuidePage, WebinarPage}


def generate(pages=30, **options):
    call_command("generate_bulk_content", pages=pages, seed=7, stdout=StringIO(), **options)
    return list(Page.objects.filter(slug__startswith=BULK_SLUG_PREFIX).specific().order_by("path"))


def tree_problems():
    """treebeard's consistency check: bad paths, orphans, wrong depth or numchild."""
    return [problem for problem in Page.find_problems() if problem]


def test_generates_live_pages_of_the_four_types_that_render(client):
    pages = generate()

    assert len(pages) == 30
    assert {type(page) for page in pages} == BULK_TYPES
    assert all(page.live and page.first_published_at and page.last_published_at for page in pages)
    assert tree_problems() == []
    for page in pages:
        assert client.get(page.url).status_code == 200, page.url


def test_generated_pages_pass_validation_and_store_what_save_would():
    pages = {type(page): page for page in generate(pages=8)}

    for page in pages.values():
        stored = (getattr(page, "reading_time", None), getattr(page, "ends_at", None), page.url_path)
        page.save()  # full_clean, then the models' own derived values
        page.refresh_from_db()
        assert (getattr(page, "reading_time", None), getattr(page, "ends_at", None), page.url_path) == stored


def test_generated_pages_are_searchable():
    post = next(page for page in generate(pages=8) if isinstance(page, RoundtablePostPage))
    author = post.authors.first().person.name

    outcome = run_search(author)

    assert post.pk in {result.page.pk for result in outcome.results}


def test_delete_removes_exactly_the_generated_pages_and_people():
    pages_before = set(Page.objects.values_list("pk", "numchild"))
    people_before = set(Person.objects.values_list("pk", flat=True))
    generate()
    assert Person.objects.filter(organisation__endswith=BULK_PERSON_MARKER).exists()

    call_command("generate_bulk_content", delete=True, stdout=StringIO())

    assert set(Page.objects.values_list("pk", "numchild")) == pages_before
    assert set(Person.objects.values_list("pk", flat=True)) == people_before
    assert tree_problems() == []


def test_refuses_to_run_without_the_demo_sections():
    StoryIndexPage.objects.get().delete()

    with pytest.raises(CommandError, match="load_demo_content"):
        generate()


def test_bench_search_prints_a_table_and_the_overall_figures():
    out = StringIO()

    call_command("bench_search", repeat=1, stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["Query", "Results", "p50", "ms", "p95", "ms"]
    assert any(line.startswith("Overall (") and "p95" in line for line in lines)
    assert any(line.startswith("Database:") for line in lines)
    # The search box's suggestions follow, each typed word with how many pages it suggested.
    typed = lines.index(next(line for line in lines if line.startswith("Typed (suggestions)")))
    assert lines[typed + 1].split()[:2] == ["pom", "1"]


def test_bench_search_reads_queries_and_filters_from_a_file(tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text("# a comment\nleadership type:case-study condition:shared-influence\n")
    out = StringIO()

    call_command("bench_search", repeat=1, queries=queries, stdout=out)

    assert "leadership type:case-study condition:shared-influence" in out.getvalue()
    assert "Overall (1 queries x 1 runs)" in out.getvalue()

    queries.write_text("leadership type:nonsense\n")
    with pytest.raises(CommandError, match="nonsense"):
        call_command("bench_search", repeat=1, queries=queries, stdout=StringIO())
