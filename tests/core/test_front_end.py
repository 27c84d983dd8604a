"""What search engines, social networks, feed readers and browsers read from each page: SEO and share tags,
JSON-LD, robots.txt, feeds, responsive images. The browser itself is in tests/browser/."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from core.factories import ImageFactory
from core.listing import PAGE_SIZE
from core.models import SiteSettings
from core.seo import SOCIAL_SPEC
from devtools.demo.tour import PAGE_TYPES
from home.models import HomePage
from playbook.models import StrategyGuidePage
from stories.factories import CaseStudyPageFactory, RoundtablePostPageFactory
from stories.models import CaseStudyPage, RoundtableIndexPage, RoundtablePostPage, StoryIndexPage
from tests.utils import get_html, meta
from webinars.factories import WebinarPageFactory
from webinars.models import WebinarIndexPage, WebinarPage

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ATOM = "{http://www.w3.org/2005/Atom}"


def graph(html):
    documents = JSON_LD.findall(html)
    assert len(documents) == 1
    return {item["@type"]: item for item in json.loads(documents[0])["@graph"]}


@pytest.mark.parametrize("name", [name for name, (_, model) in PAGE_TYPES.items() if model])
def test_the_tour_names_a_live_demo_page_of_each_type(client, name):
    path, label = PAGE_TYPES[name]
    page = Page.objects.live().get(url_path="/home" + path).specific
    assert type(page) is apps.get_model(label)
    get_html(client, path)


def test_the_tour_visits_a_page_of_every_page_type_the_demo_has(client):
    # A new page type needs only its app (tests/test_factories.py renders it); once the demo
    # shows one, the tour, the accessibility tests and the Lighthouse audit visit it.
    toured = {apps.get_model(label) for _, label in PAGE_TYPES.values() if label}
    in_demo = {type(page) for page in Page.objects.live().filter(depth__gt=1).specific()}
    assert toured == in_demo


@pytest.mark.parametrize("name", [name for name, (_, model) in PAGE_TYPES.items() if model])
def test_each_page_has_title_description_canonical_and_share_tags(client, name):
    path, _ = PAGE_TYPES[name]
    page = Page.objects.get(url_path="/home" + path).specific
    html = get_html(client, path)
    assert f"<title>{page.seo_title or page.title} · " in html.replace("&#x27;", "'")
    assert meta(html, "name", "description")
    assert re.findall(r'<link rel="canonical" href="([^"]+)">', html) == [page.full_url]
    assert meta(html, "property", "og:url") == page.full_url
    assert meta(html, "property", "og:title") == page.seo_title or page.title
    image = meta(html, "property", "og:image")
    # A rendition's name has a random part: protection.storage never gives an image's name twice.
    assert re.fullmatch(r"http://localhost/media/images/[\w.-]+\.fill-1200x630\.format-jpeg_\w{7}\.jpg", image), image
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:image") == image


def test_description_falls_back_from_the_seo_field_to_the_summary(client, demo_page):
    story = demo_page(CaseStudyPage)
    assert meta(get_html(client, story.url), "name", "description") == story.search_description
    story.search_description = ""
    story.save_revision().publish()
    assert meta(get_html(client, story.url), "name", "description") == story.summary


def test_a_page_without_a_hero_shares_the_site_settings_image(client, demo_page):
    guide = demo_page(StrategyGuidePage)
    assert not hasattr(guide, "hero_image")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.share_image = ImageFactory(title="Shared when a page has no picture")
    site_settings.save()
    rendition = site_settings.share_image.get_rendition(SOCIAL_SPEC)
    assert meta(get_html(client, guide.url), "property", "og:image") == f"http://localhost{rendition.url}"


def test_home_describes_the_organisation_and_the_site_search(client):
    items = graph(get_html(client, "/"))
    assert items["Organization"]["name"] == "Collective Leadership"
    assert items["Organization"]["email"] == "hello@example.org"
    assert items["WebSite"]["potentialAction"]["target"] == "http://localhost/search/?query={search_term_string}"
    assert "BreadcrumbList" not in items


def test_stories_and_posts_are_articles_with_breadcrumbs(client, demo_page):
    story = demo_page(CaseStudyPage, slug="pomona-unified")
    items = graph(get_html(client, story.url))
    assert items["Article"]["headline"] == story.title
    assert items["Article"]["image"].endswith(".jpg")
    assert "Capacity and resources" in items["Article"]["keywords"]
    trail = items["BreadcrumbList"]["itemListElement"]
    assert [item["name"] for item in trail] == ["Home", story.get_parent().title, story.title]
    assert [item["position"] for item in trail] == [1, 2, 3]
    assert trail[-1]["item"] == story.full_url

    post = demo_page(RoundtablePostPage, slug="building-collective-leadership-from-the-central-office")
    article = graph(get_html(client, post.url))["Article"]
    assert [author["name"] for author in article["author"]] == ["Nader Twal"]
    assert article["datePublished"].startswith(post.date.isoformat())
    assert meta(get_html(client, post.url), "property", "og:type") == "article"


def test_webinars_are_online_events(client, demo_page):
    webinar = WebinarPage.objects.live().upcoming().first()
    html = get_html(client, webinar.url)
    event = graph(html)["Event"]
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"] == {"@type": "VirtualLocation", "url": webinar.full_url}
    assert event["startDate"] == webinar.start.isoformat() and event["endDate"] == webinar.ends_at.isoformat()
    assert event["performer"]
    assert meta(html, "property", "og:type") == "website"


def test_json_ld_cannot_be_closed_by_what_editors_type(client, demo_page):
    story = CaseStudyPageFactory(parent=demo_page(StoryIndexPage), title="</script><script>alert(1)</script>")
    html = get_html(client, story.url)
    assert "<script>alert(1)" not in html
    assert graph(html)["Article"]["headline"] == story.title


def test_search_results_are_kept_out_of_search_engines_but_the_search_page_is_not(client):
    assert 'name="robots"' not in get_html(client, "/search/")
    results = get_html(client, "/search/?query=leadership")
    assert meta(results, "name", "robots") == "noindex"
    assert meta(results, "name", "description")


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /search/\n" not in text  # result pages say noindex themselves


@pytest.mark.parametrize(
    ("url", "model", "content_type"),
    [
        ("/feeds/roundtable.rss", RoundtablePostPage, "application/rss+xml"),
        ("/feeds/roundtable.atom", RoundtablePostPage, "application/atom+xml"),
        ("/feeds/school-stories.rss", CaseStudyPage, "application/rss+xml"),
        ("/feeds/school-stories.atom", CaseStudyPage, "application/atom+xml"),
    ],
)
def test_feeds_list_live_public_pages_only(client, demo_page, url, model, content_type, django_assert_max_num_queries):
    parent = demo_page(RoundtableIndexPage if model is RoundtablePostPage else StoryIndexPage)
    factory = RoundtablePostPageFactory if model is RoundtablePostPage else CaseStudyPageFactory
    draft = factory(parent=parent, title="A draft nobody should see", live=False)
    private = factory(parent=parent, title="A private page nobody should see")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response["Content-Type"].startswith(content_type)
    root = ET.fromstring(response.content)
    if content_type == "application/rss+xml":
        links = [item.findtext("link") for item in root.iter("item")]
    else:
        links = [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]
    live = model.objects.live().public()
    assert sorted(links) == sorted(page.full_url for page in live)
    assert draft.full_url not in links and private.full_url not in links


def test_roundtable_feed_is_newest_first_with_authors_and_tags(client):
    root = ET.fromstring(client.get("/feeds/roundtable.rss").content)
    items = list(root.iter("item"))
    titles = [item.findtext("title") for item in items]
    assert titles == list(RoundtablePostPage.objects.live().order_by("-date").values_list("title", flat=True))
    creator = items[0].findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert creator == RoundtablePostPage.objects.live().order_by("-date").first().author_names
    assert items[0].findall("category")


def test_every_page_links_the_feeds(client):
    html = get_html(client, "/")
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Roundtable posts" href="/feeds/roundtable.rss">'
        in html
    )
    assert 'href="/feeds/school-stories.rss"' in html


def test_hero_is_a_preloaded_picture_in_avif_and_webp_with_a_jpeg_fallback(client, demo_page):
    story = demo_page(CaseStudyPage)
    html = get_html(client, story.url)
    hero = html.split('<figure class="hero-image">')[1].split("</figure>")[0]
    avif = re.search(r'<source sizes="[^"]+" srcset="([^"]+)" type="image/avif">', hero).group(1)
    assert re.search(r'<source sizes="[^"]+" srcset="[^"]+" type="image/webp">', hero)
    img = re.search(r"<img [^>]+>", hero).group(0)
    assert re.search(r"\.format-jpeg_\w{7}\.jpg", img) and 'fetchpriority="high"' in img and 'loading="lazy"' not in img
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    assert f'alt="{story.hero_image.description}"' in img
    preload = re.search(r'<link rel="preload" as="image" type="image/avif" imagesrcset="([^"]+)"', html).group(1)
    assert preload == avif
    assert html.index('rel="preload"') < html.index('rel="stylesheet"')


def test_cards_are_decorative_pictures_with_dimensions(client, demo_page):
    """Which card loads at once is test_only_the_first_card_image_is_fetched_at_once's."""
    html = get_html(client, demo_page(StoryIndexPage).url)
    cards = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(cards) == CaseStudyPage.objects.live().count()
    for card in cards:
        assert 'type="image/avif"' in card and 'type="image/webp"' in card
        img = re.search(r"<img [^>]+>", card).group(0)
        assert 'alt=""' in img and 'width="400"' in img and 'height="225"' in img
    assert 'rel="preload" as="image"' not in html  # no hero on an index page


def test_one_stylesheet_and_only_deferred_local_scripts(client, home_page):
    html = get_html(client, "/")
    head = html.split("</head>")[0]
    assert head.count('rel="stylesheet"') == 1
    scripts = re.findall(r"<script([^>]*)>", html)
    for attributes in scripts:
        assert "defer" in attributes or 'type="application/ld+json"' in attributes, attributes
        assert "http" not in attributes


def test_home_page_hero_is_the_home_pages_own_image(client, home_page):
    assert isinstance(home_page, HomePage) and home_page.hero_image
    html = get_html(client, "/")
    assert f'alt="{home_page.hero_image.description}"' in html.split('<section class="home-hero">')[1]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["story-index", "roundtable-index", "webinar-index"])
def test_only_the_first_card_image_is_fetched_at_once(client, name):
    images = re.findall(r'<img [^>]*class="card__image"[^>]*>', get_html(client, PAGE_TYPES[name][0]))
    assert len(images) >= 2, name
    assert 'loading="eager"' in images[0] and 'fetchpriority="high"' in images[0]
    assert all('loading="lazy"' in image and 'fetchpriority="high"' not in image for image in images[1:])


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["story-index", "roundtable-index"])
def test_an_index_leads_with_its_first_item_across_the_row_then_the_rest(client, name):
    """The newest story or post, or the next webinar, first and larger (issue 17: a hierarchy on index pages)."""
    html = get_html(client, PAGE_TYPES[name][0])
    assert html.count("card--featured") == 1
    lead, rest = html.split('<div class="card-lead">')[1].split('<div class="cards">', 1)
    assert 'loading="eager"' in lead and 'sizes="(min-width: 48rem) 36rem, calc(100vw - 2rem)"' in lead
    assert rest.count('class="card"') >= 2 and 'loading="eager"' not in rest


def test_only_a_listings_first_page_has_a_lead_and_only_from_three_items(client, demo_page):
    index = demo_page(RoundtableIndexPage)
    for number in range(PAGE_SIZE):
        RoundtablePostPageFactory(parent=index, title=f"Roundtable post {number}")
    assert "card--featured" in get_html(client, index.url)
    assert "card--featured" not in get_html(client, index.url + "?page=2")

    stories = demo_page(StoryIndexPage)
    two = CaseStudyPage.objects.live()[:2]
    for story in CaseStudyPage.objects.live().exclude(pk__in=[story.pk for story in two]):
        story.unpublish()
    html = get_html(client, stories.url)
    assert "card--featured" not in html and html.count('class="card"') == 2

    webinars = demo_page(WebinarIndexPage)
    assert WebinarPage.objects.live().upcoming().count() == 2  # the demo's two fill their row
    assert "card--featured" not in get_html(client, webinars.url)
    next_one = WebinarPageFactory(parent=webinars, title="The next session", start=timezone.now() + timedelta(hours=2))
    lead = get_html(client, webinars.url).split('<div class="card-lead">')[1].split('<div class="cards">')[0]
    assert next_one.title in lead


@pytest.mark.django_db
def test_a_story_cards_kicker_is_the_school_and_the_states_code(client):
    kickers = re.findall(r'<p class="card__kicker">([^<]*)</p>', get_html(client, "/school-stories/"))
    assert "Walker-Gamble Elementary, SC" in kickers
    assert all(len(kicker) <= 40 for kicker in kickers), kickers
