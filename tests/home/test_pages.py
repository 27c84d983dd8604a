"""Every page type of the demo site renders and shows its key content."""

import pytest
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page

from formpages.models import FormPage
from home.models import StandardPage
from playbook.factories import StrategyGuidePageFactory
from playbook.models import PlaybookPage, StrategyGuidePage
from stories.models import CaseStudyPage, RoundtableIndexPage, RoundtablePostPage, StoryIndexPage
from taxonomy.models import SystemCondition
from webinars.models import WebinarIndexPage, WebinarPage

pytestmark = pytest.mark.django_db


def get_html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page
    return response.content.decode()


def test_every_live_page_of_the_demo_site_renders(client):
    pages = Page.objects.live().filter(depth__gt=1).specific()
    for page in pages:
        html = get_html(client, page)
        assert html.count("<h1") == 1, page
        assert '<main id="main"' in html and 'href="#main"' in html


def test_home_page_shows_services_stories_voices_webinar_playbook_and_contact(client, home_page):
    html = get_html(client, home_page)
    for text in (
        "Design days",
        "Consulting",
        "Voices from the field",
        "Molly Spearman",
        "Nader Twal",
        "Tricia Ebner",
        "Walker-Gamble",
        "Open the playbook",
        "Get in touch",
    ):
        assert text in html, text
    upcoming = WebinarPage.objects.live().upcoming().first()
    assert upcoming.title in html


def test_home_page_falls_back_to_newest_content_when_editors_choose_nothing(client, home_page):
    home_page.featured_story_items.all().delete()
    home_page.voice_items.all().delete()
    html = get_html(client, home_page)
    newest_story = CaseStudyPage.objects.live().order_by("-first_published_at").first()
    newest_post = RoundtablePostPage.objects.live().order_by("-date").first()
    assert newest_story.title in html
    assert newest_post.title in html


def test_case_study_shows_place_reading_time_conditions_and_body(client, demo_page):
    story = demo_page(CaseStudyPage, slug__contains="pomona")
    html = get_html(client, story)
    assert "Pomona Unified School District" in html
    assert f"{story.reading_time} min read" in html
    assert "NSF-1441024" in html
    for condition in story.conditions.all():
        assert condition.name in html


def test_story_index_lists_case_studies_and_filters_by_condition(client, demo_page):
    index = demo_page(StoryIndexPage)
    html = get_html(client, index)
    for story in CaseStudyPage.objects.live():
        assert story.title in html
    condition = SystemCondition.objects.filter(case_studies__isnull=False).first()
    filtered = client.get(index.url, {"condition": condition.slug}).content.decode()
    for story in CaseStudyPage.objects.live():
        assert (story.title in filtered) == story.conditions.filter(pk=condition.pk).exists()


@pytest.mark.parametrize(
    "params", [{"condition": "no-such-condition"}, {"page": "abc"}, {"page": "999"}, {"page": "-1"}]
)
def test_story_index_copes_with_bad_filters_and_page_numbers(client, demo_page, params):
    response = client.get(demo_page(StoryIndexPage).url, params)
    assert response.status_code == 200


def test_roundtable_post_shows_authors_qa_series_footer_share_links_and_neighbours(client, demo_page):
    post = demo_page(RoundtablePostPage, title__icontains="central office")
    html = get_html(client, post)
    assert "Nader Twal" in html
    assert 'class="qa__question"' in html
    assert "Part of the roundtable" in html and "#CTQCollab" in html
    assert "linkedin.com/sharing" in html and "<script" not in html.split("</footer>")[0].split("<main")[1]
    assert "Previous post" in html or "Next post" in html
    assert "Related posts" in html


def test_roundtable_index_lists_posts_newest_first(client, demo_page):
    index = demo_page(RoundtableIndexPage)
    html = get_html(client, index)
    posts = list(RoundtablePostPage.objects.live().child_of(index).order_by("-date"))
    assert len(posts) >= 4
    positions = [html.index(post.title) for post in posts]
    assert positions == sorted(positions)


def test_webinar_index_separates_upcoming_and_recordings(client, demo_page):
    html = get_html(client, demo_page(WebinarIndexPage))
    upcoming, past = html.split("Recordings of past webinars")
    for webinar in WebinarPage.objects.live().upcoming():
        assert webinar.title in upcoming
    for webinar in WebinarPage.objects.live().past():
        assert webinar.title in past
    assert WebinarPage.objects.live().upcoming().count() >= 2
    assert WebinarPage.objects.live().filter(ends_at__lte=timezone.now()).exclude(recording_url="").exists()


def test_playbook_shows_the_seven_conditions_in_order_with_their_guides(client, demo_page):
    html = get_html(client, demo_page(PlaybookPage))
    names = list(SystemCondition.objects.values_list("name", flat=True))
    assert len(names) == 7
    table = html.split("conditions-table")[1].split("</table>")[0]
    positions = [table.index(name) for name in names]
    assert positions == sorted(positions)
    for guide in StrategyGuidePage.objects.live():
        assert guide.title in html


def test_playbook_links_each_condition_to_its_first_guide_in_the_editors_order(client, demo_page):
    playbook = demo_page(PlaybookPage)
    condition = SystemCondition.objects.get(slug="shared-influence")
    first = StrategyGuidePage.objects.child_of(playbook).live().get(condition=condition)
    StrategyGuidePageFactory(parent=playbook, title="Another shared influence guide", condition=condition)
    for number in range(5):
        StrategyGuidePageFactory(parent=playbook, title=f"Extra overview guide {number}")
    response = client.get(playbook.url)
    rows = dict(response.context["condition_rows"])
    assert rows[condition] == first
    assert "Another shared influence guide" not in response.content.decode()
    assert len(response.context["overview_guides"]) <= 3


def test_strategy_guide_shows_numbered_sections_with_goal_questions_tasks(client, demo_page):
    guide = demo_page(StrategyGuidePage, condition__isnull=True)
    html = get_html(client, guide)
    for number, section in enumerate(guide.sections, start=1):
        assert f'id="section-{number}"' in html
        assert f"Goal: {escape(section.value['goal'])}" in html
    assert "Big questions" in html and "Important tasks" in html
    assert "Graphic organizer" in html and "Connect and collaborate" in html


def test_form_pages_show_labelled_fields(client, demo_page):
    for form_page in FormPage.objects.live():
        html = get_html(client, form_page)
        for field in form_page.get_form_fields():
            assert field.label in html
        assert "csrfmiddlewaretoken" in html


def test_standard_page_and_breadcrumbs(client, demo_page):
    page = demo_page(StandardPage)
    html = get_html(client, page)
    assert 'aria-label="Breadcrumb"' in html or page.depth == 3


def test_header_navigation_lists_menu_pages(client, home_page):
    html = get_html(client, home_page)
    nav = html.split('aria-label="Main"')[1].split("</nav>")[0]
    for page in home_page.get_children().live().in_menu():
        assert page.title in nav


def test_footer_comes_from_site_settings(client, home_page):
    from core.models import SiteSettings

    site_settings = SiteSettings.for_site(home_page.get_site())
    html = get_html(client, home_page)
    assert site_settings.contact_email in html
    for _, url in site_settings.social_links:
        assert url in html


def test_unknown_address_gives_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "couldn't find that page" in response.content.decode()


@pytest.mark.parametrize("query", ["", "leadership", "<script>alert(1)</script>", "x" * 5000, "a & b | !c :*"])
def test_search_answers_every_query_safely(client, query):
    response = client.get("/search/", {"query": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_finds_a_case_study_by_title(client):
    html = client.get("/search/", {"query": "Walker-Gamble"}).content.decode()
    assert "Leading improvement, together" in html or "Walker-Gamble" in html.split("result")[1]


def test_sitemap_lists_live_public_pages(client, demo_page):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for page in (demo_page(CaseStudyPage), demo_page(StrategyGuidePage), demo_page(WebinarPage)):
        assert page.full_url in xml
