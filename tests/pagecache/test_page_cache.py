"""The anonymous page cache (pagecache/): what is shared, what never is, and that every kind of
change an editor can make shows at once. Requests go through the whole middleware stack."""

import datetime
import html
import http.server
import math
import random
import re
import socket
import threading
import time
from collections import Counter

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import caches
from django.db import connection
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.actions.move_page import MovePageAction
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from assessment.models import SelfAssessmentPage
from core.factories import ImageFactory
from core.models import SiteSettings
from devtools.management.commands.bench_page_cache import measure
from formpages.models import FormPage
from home.models import StandardPage
from pagecache import fill_ins
from pagecache.middleware import cache_key, render_lock_key
from pagecache.versions import new_version, page_key
from playbook.models import StrategyGuidePage
from protection.spam import SALT as SPAM_SALT
from protection.spam import STARTED_FIELD
from stories.factories import CaseStudyPageFactory
from stories.models import CaseStudyPage, RoundtablePostPage, StoryIndexPage
from taxonomy.models import Person, SystemCondition
from tests.utils import emailed_links, form_data
from webinars.factories import WebinarPageFactory
from webinars.models import WebinarIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_TIMEOUT = 600
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


def visitor():
    """A fresh anonymous browser: no cookies at all."""
    return Client()


def cached_twice(url):
    first, second = visitor().get(url), visitor().get(url)
    assert first.status_code == second.status_code == 200
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    return second


def edit_and_publish(page, **changes):
    page = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


# --- What is shared ------------------------------------------------------------------------------


def test_anonymous_page_is_stored_once_then_served_from_the_cache(demo_page):
    page = demo_page(CaseStudyPage)
    first = visitor().get(page.url)
    with CaptureQueriesContext(connection) as queries:
        second = visitor().get(page.url)
    assert second["X-Cache"] == "HIT" and len(queries) == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Cache-Control"] == first["Cache-Control"] == "public, max-age=60"


def test_a_parameter_the_page_reads_is_its_own_entry(demo_page):
    index = demo_page(StoryIndexPage)
    for number in range(13):  # a second page of case studies
        CaseStudyPageFactory(parent=index, title=f"Paged story {number}")
    first = cached_twice(index.url)
    second = cached_twice(f"{index.url}?page=2")
    assert second.content != first.content
    condition = SystemCondition.objects.filter(case_studies__isnull=False).first().slug
    filtered = cached_twice(f"{index.url}?condition={condition}&page=1")
    assert filtered.content not in (first.content, second.content)
    # The order of the parameters, and any the page does not read, make no new entry.
    assert visitor().get(f"{index.url}?page=1&utm_source=x&condition={condition}")["X-Cache"] == "HIT"


def test_marketing_parameters_make_no_new_entries(demo_page, figure):
    index = demo_page(StoryIndexPage)
    chance = random.Random(14)
    names = ["utm_source", "utm_campaign", "fbclid", "gclid", "utm_x"]
    responses = [
        visitor().get(index.url, {chance.choice(names): f"{chance.getrandbits(64):x}", f"utm_{n}": n})
        for n in range(1000)
    ]
    assert {response.status_code for response in responses} == {200}
    renders = [response for response in responses if response.get("X-Cache") != "HIT"]
    stored = [response for response in responses if response.get("X-Cache") == "MISS"]
    assert (len(renders), len(stored)) == (1, 1)
    assert visitor().get(index.url)["X-Cache"] == "HIT"  # the entry is the plain page's
    # The page never saw them: no pagination or filter link carries one to the next visitor.
    assert "utm_" not in renders[0].content.decode() and "clid" not in renders[0].content.decode()
    figure(
        "1,000 requests with random utm_/fbclid/gclid parameters", f"{len(renders)} render, {len(stored)} cache entry"
    )


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page": "999"},
        {"page": "02"},
        {"condition": "no-such-condition"},
        {"condition": ""},
    ],
)
def test_values_a_listing_does_not_have_are_answered_but_never_stored(demo_page, params):
    index = demo_page(StoryIndexPage)
    for _ in range(2):
        response = visitor().get(index.url, params)
        assert response.status_code == 200 and "X-Cache" not in response


def test_a_parameter_only_another_page_type_reads_is_answered_but_never_stored(demo_page):
    page = demo_page(CaseStudyPage)
    for number in range(2):
        response = visitor().get(page.url, {"page": number + 2})
        assert response.status_code == 200 and "X-Cache" not in response


def test_head_is_answered_from_a_stored_get(demo_page):
    page = demo_page(StandardPage)
    visitor().get(page.url)
    assert visitor().head(page.url)["X-Cache"] == "HIT"


def test_cache_off_stores_nothing_but_still_says_public(settings, demo_page):
    settings.PAGE_CACHE_TIMEOUT = 0
    page = demo_page(StandardPage)
    for response in (visitor().get(page.url), visitor().get(page.url)):
        assert "X-Cache" not in response
        assert response["Cache-Control"] == "public, max-age=60"


# --- Every change shows at once ------------------------------------------------------------------


def test_publishing_an_edit_shows_at_once_on_the_page_and_its_index(demo_page, publish):
    page = demo_page(CaseStudyPage)
    index = page.get_parent()
    cached_twice(page.url), cached_twice(index.url)
    publish(edit_and_publish, page, title="Stone Creek, told again")
    for url in (page.url, index.url):
        response = visitor().get(url)
        assert response["X-Cache"] == "MISS"
        assert "Stone Creek, told again" in response.content.decode()


def test_a_server_that_served_the_old_version_serves_the_new_one_after_publishing(demo_page, publish):
    page = demo_page(CaseStudyPage)
    same_server = visitor()  # one client, one middleware instance: it remembers the versions it saw
    assert [same_server.get(page.url)["X-Cache"] for _ in range(2)] == ["MISS", "HIT"]
    publish(edit_and_publish, page, title="Seen by the same server")
    response = same_server.get(page.url)
    assert response["X-Cache"] == "MISS" and "Seen by the same server" in response.content.decode()
    assert same_server.get(page.url)["X-Cache"] == "HIT"


def test_saving_a_draft_keeps_the_cache(demo_page, publish):
    page = demo_page(CaseStudyPage)
    cached_twice(page.url)
    draft = page.get_latest_revision_as_object()
    draft.title = "An unpublished retitle"
    publish(draft.save_revision)
    response = visitor().get(page.url)
    assert response["X-Cache"] == "HIT" and "An unpublished retitle" not in response.content.decode()


def test_unpublishing_takes_the_page_down_at_once(demo_page, publish):
    page = demo_page(CaseStudyPage)
    cached_twice(page.url)
    publish(page.unpublish)
    assert visitor().get(page.url).status_code == 404


def test_deleting_takes_the_page_down_at_once(demo_page, publish):
    page = demo_page(StandardPage)
    url = page.url
    cached_twice(url)
    publish(page.delete)
    assert visitor().get(url).status_code == 404


def test_moving_a_page_sends_its_old_address_to_the_new_one_at_once(home_page, demo_page, publish):
    page = CaseStudyPageFactory(parent=demo_page(StoryIndexPage))
    old_url = page.url
    cached_twice(old_url)
    target = StandardPage.objects.live().child_of(home_page).first()
    # As the admin moves a page: the action sends post_page_move and leaves a redirect behind.
    publish(MovePageAction(page, target, pos="last-child", user=None).execute, skip_permission_checks=True)
    response = visitor().get(old_url)
    assert response.status_code == 301 and response["Location"] == Page.objects.get(pk=page.pk).url


def test_making_a_page_private_stops_serving_it_to_anyone_at_once(demo_page, publish):
    page = demo_page(CaseStudyPage)
    cached_twice(page.url)
    publish(PageViewRestriction.objects.create, page=page, restriction_type=PageViewRestriction.LOGIN)
    assert visitor().get(page.url).status_code == 302


def test_renaming_a_person_updates_every_post_they_wrote(demo_page, publish):
    post = demo_page(RoundtablePostPage)
    person = post.authors.first().person
    cached_twice(post.url)
    person.name = "Barnett Berry-Renamed"
    publish(person.save)
    assert "Barnett Berry-Renamed" in visitor().get(post.url).content.decode()


def test_changing_site_settings_updates_the_footer_everywhere(home_page, publish):
    cached_twice(home_page.url)
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.contact_email = "new-contact@example.org"
    publish(site_settings.save)
    assert "new-contact@example.org" in visitor().get(home_page.url).content.decode()


def test_editing_or_deleting_an_image_shows_at_once(demo_page, page_cache, publish):
    page = CaseStudyPage.objects.live().exclude(hero_image=None).first()
    # An image of its own: deleting it removes its file, which a rollback does not bring back.
    image = ImageFactory(description="Teachers planning a lesson together")
    page.hero_image = image
    publish(page.save_revision().publish)
    cached_twice(page.url)
    image.description = "Teachers planning a lesson together, renamed"
    publish(image.save)
    assert "renamed" in visitor().get(page.url).content.decode()
    publish(image.delete)
    assert image.file.name not in visitor().get(page.url).content.decode()


def test_uploading_a_new_image_or_computing_a_hash_keeps_the_cache(demo_page, publish):
    page = demo_page(CaseStudyPage)
    cached_twice(page.url)
    image = publish(get_image_model().objects.create, title="Unused", file=page.hero_image.file, width=10, height=10)
    publish(image.save, update_fields=["file_hash"])
    assert visitor().get(page.url)["X-Cache"] == "HIT"


def test_pages_showing_webinars_are_kept_no_later_than_the_next_start(home_page, publish):
    index = WebinarIndexPage.objects.live().first()
    publish(WebinarPageFactory, parent=index, start=timezone.now() + datetime.timedelta(seconds=40))
    response = visitor().get(home_page.url)
    assert response["X-Cache"] == "MISS"
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert 0 < max_age <= 40


# --- Only what a change affects is re-rendered ----------------------------------------------------


def linking_to(page, candidates):
    """The candidates whose page links to page (a related post, the previous or next one)."""
    return [other for other in candidates if f'href="{page.url}"' in visitor().get(other.url).content.decode()]


def test_publishing_a_roundtable_post_re_renders_the_pages_showing_it_and_keeps_the_others(
    home_page, demo_page, publish
):
    post = demo_page(RoundtablePostPage)
    index = post.get_parent()
    unrelated = [demo_page(CaseStudyPage), demo_page(StrategyGuidePage)]
    siblings = RoundtablePostPage.objects.live().sibling_of(post, inclusive=False)
    for page in (post, index, home_page, *unrelated, *siblings):
        cached_twice(page.url)
    showing = linking_to(post, siblings)
    assert showing  # as a related, previous or next post
    feed = visitor().get("/feeds/roundtable.rss")
    assert "X-Cache" not in feed  # feeds and search are rendered for every request

    publish(edit_and_publish, post, title="A roundtable post, retitled")
    for page in (post, index, *showing):
        response = visitor().get(page.url)
        assert response["X-Cache"] == "MISS", page.url
        assert "A roundtable post, retitled" in response.content.decode(), page.url
    assert visitor().get(home_page.url)["X-Cache"] == "MISS"  # it lists the newest posts
    assert "A roundtable post, retitled" in visitor().get("/feeds/roundtable.rss").content.decode()
    for page in (*unrelated, *(sibling for sibling in siblings if sibling not in showing)):
        assert visitor().get(page.url)["X-Cache"] == "HIT", page.url


def test_a_new_post_shows_on_its_index_and_the_home_page_at_once(home_page, demo_page, publish):
    index = demo_page(RoundtablePostPage).get_parent()
    case_study = demo_page(CaseStudyPage)
    for page in (index, home_page, case_study):
        cached_twice(page.url)
    post = RoundtablePostPage.objects.live().child_of(index).first()
    new_post = post.copy(update_attrs={"title": "A brand new roundtable post", "slug": "brand-new-post"})
    publish(new_post.save_revision().publish)
    assert "A brand new roundtable post" in visitor().get(index.url).content.decode()
    assert visitor().get(case_study.url)["X-Cache"] == "HIT"


def test_changing_site_settings_re_renders_every_page(home_page, demo_page, publish):
    pages = [home_page, demo_page(CaseStudyPage), demo_page(StrategyGuidePage), demo_page(RoundtablePostPage)]
    for page in pages:
        cached_twice(page.url)
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.footer_text = "<p>A footer for every page</p>"
    publish(site_settings.save)
    for page in pages:
        response = visitor().get(page.url)
        assert response["X-Cache"] == "MISS" and "A footer for every page" in response.content.decode()


def test_under_regular_publishing_most_requests_stay_hits(demo_page, figure):
    before, after = measure(requests=600, publish_every=100)[0]
    assert after.hits > before.hits and after.renders_per_publish < before.renders_per_publish
    figure(
        "Page cache hit rate, demo site, a publish every 100 requests",
        f"{before.rate:.0%} when a publish makes every page stale, {after.rate:.0%} when only what it affects",
    )


# --- Stale while one worker re-renders -------------------------------------------------------------


def hold_render_lock(page_cache, url):
    """As another worker does while it re-renders the page at url."""
    key = render_lock_key(cache_key(RequestFactory().get(url)))
    assert page_cache.add(key, 1, timeout=30)
    return key


def test_while_another_worker_re_renders_a_page_its_stale_copy_is_served_without_rendering(
    demo_page, page_cache, publish
):
    post = demo_page(RoundtablePostPage)
    cached_twice(post.url)
    publish(edit_and_publish, post, title="Rendered by one worker only")
    lock = hold_render_lock(page_cache, post.url)
    with CaptureQueriesContext(connection) as queries:
        stale = [visitor().get(post.url) for _ in range(3)]
    assert len(queries) == 0
    for response in stale:
        assert response["X-Cache"] == "STALE" and "Rendered by one worker only" not in response.content.decode()
        assert response["Cache-Control"] == "public, max-age=0"  # no browser keeps a stale copy
    page_cache.delete(lock)  # that worker is done, or gave up
    fresh = visitor().get(post.url)
    assert fresh["X-Cache"] == "MISS" and "Rendered by one worker only" in fresh.content.decode()
    assert visitor().get(post.url)["X-Cache"] == "HIT"


def test_the_worker_that_re_renders_holds_the_lock_and_then_lets_it_go(demo_page, page_cache, publish):
    post = demo_page(RoundtablePostPage)
    cached_twice(post.url)
    publish(edit_and_publish, post, title="Re-rendered once")
    lock = render_lock_key(cache_key(RequestFactory().get(post.url)))
    assert visitor().get(post.url)["X-Cache"] == "MISS"
    assert page_cache.get(lock) is None
    assert visitor().get(post.url)["X-Cache"] == "HIT"


@pytest.mark.parametrize("take_down", ["unpublish", "private"])
def test_a_page_taken_down_is_never_served_stale(demo_page, page_cache, publish, take_down):
    page = demo_page(CaseStudyPage)
    cached_twice(page.url)
    if take_down == "unpublish":
        publish(page.unpublish)
    else:
        publish(PageViewRestriction.objects.create, page=page, restriction_type=PageViewRestriction.LOGIN)
    hold_render_lock(page_cache, page.url)
    assert visitor().get(page.url).status_code in (302, 404)


# --- What is never shared -------------------------------------------------------------------------


def test_logged_in_editors_always_get_a_fresh_private_page(client, demo_page, publish):
    page = demo_page(CaseStudyPage)
    cached_twice(page.url)
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "a long password 123")
    client.force_login(editor)
    response = client.get(page.url)
    assert "X-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"
    assert visitor().get(page.url)["X-Cache"] == "HIT"


def test_previews_are_never_stored(client, demo_page):
    page = demo_page(CaseStudyPage)
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "a long password 1"))
    response = client.get(f"/admin/pages/{page.pk}/edit/preview/")
    assert response["Cache-Control"].startswith("private") or "no-cache" in response["Cache-Control"]
    assert not any(":entry:" in key for key in caches["pages"]._cache)


def test_a_visitor_with_a_session_or_messages_is_never_served_a_shared_copy(demo_page):
    page = demo_page(CaseStudyPage)
    cached_twice(page.url)
    for cookie in ("sessionid", "messages"):
        browser = Client()
        browser.cookies[cookie] = "anything"
        response = browser.get(page.url)
        assert "X-Cache" not in response and response["Cache-Control"] == "private, no-store"


def test_a_form_page_is_served_from_the_cache_with_a_token_of_the_visitors_own_who_can_submit_it(demo_page):
    form_page = FormPage.objects.live().get(slug="contact")
    first = Client(enforce_csrf_checks=True)
    stored = first.get(form_page.url)
    second = Client(enforce_csrf_checks=True)
    response = second.get(form_page.url)
    assert stored["X-Cache"] == "MISS" and response["X-Cache"] == "HIT"
    assert response["Cache-Control"] == "private, no-store"
    assert "csrftoken" in response.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    assert token not in stored.content.decode()
    data = {"csrfmiddlewaretoken": token, **contact_form_data(form_page)}
    submitted = second.post(form_page.url, data)
    assert submitted.status_code in (200, 302)
    assert form_page.get_submission_class().objects.filter(page=form_page).count() == 1


def test_a_form_error_is_never_shown_to_the_next_visitor(demo_page):
    form_page = FormPage.objects.live().get(slug="contact")
    typed = "typed-by-the-first-visitor@example"
    response = visitor().post(form_page.url, {**contact_form_data(form_page), "email": typed})
    assert typed in response.content.decode()
    assert "X-Cache" not in response and response["Cache-Control"] == "private, no-store"
    assert typed not in visitor().get(form_page.url).content.decode()


def test_a_registrants_pages_are_never_shared(demo_page, django_capture_on_commit_callbacks):
    index = WebinarIndexPage.objects.live().first()
    webinar = WebinarPageFactory(parent=index, start=timezone.now() + datetime.timedelta(days=3))
    registrant = Client()
    with django_capture_on_commit_callbacks(execute=True):
        registered = registrant.post(webinar.url, form_data(webinar, email="ada@example.org"))
    assert registered.status_code == 302
    status_page = emailed_links("ada@example.org")["registered"]
    for _ in range(2):
        for url, shows in ((registered["Location"], "Check your inbox"), (status_page, "Ada Teacher")):
            response = Client().get(url)
            assert shows in response.content.decode()
            assert "X-Cache" not in response and response["Cache-Control"] == "private, no-store"


def test_posts_and_errors_are_never_stored(demo_page):
    page = demo_page(StandardPage)
    assert "X-Cache" not in visitor().post(page.url)
    assert visitor().get("/no-such-page/")["Cache-Control"] == "private, no-store"
    assert "X-Cache" not in visitor().get("/no-such-page/")


def contact_form_data(form_page):
    values = {"email": "visitor@example.org", "singleline": "Stone Creek", "multiline": "Please get in touch."}
    data = {}
    for field in form_page.get_form_fields():
        if field.field_type in ("dropdown", "radio", "checkboxes"):
            data[field.clean_name] = re.split(r"[,\n]", field.choices)[0].strip()
        else:
            data[field.clean_name] = values.get(field.field_type, "Ada Teacher")
    return data


# --- A cache that is down -------------------------------------------------------------------------


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_pages_still_work_when_redis_is_down(settings, demo_page, publish):
    redis = {
        "BACKEND": "protection.cache.FaultTolerantCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"BACKEND": "django.core.cache.backends.redis.RedisCache"},
    }
    settings.CACHES = {**settings.CACHES, "default": redis, "pages": redis}
    page = demo_page(CaseStudyPage)
    for _ in range(2):
        response = visitor().get(page.url)
        assert response.status_code == 200 and "X-Cache" not in response
    publish(edit_and_publish, page, title="Published while Redis is down")
    assert "Published while Redis is down" in visitor().get(page.url).content.decode()


# --- A CDN in front -----------------------------------------------------------------------------


@pytest.fixture
def purge_server():
    """A loopback HTTP server standing in for a caching proxy: it records each PURGE it gets."""
    purged = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PURGE(self):
            purged.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", purged
    server.shutdown()
    server.server_close()


@pytest.fixture
def cdn(settings, purge_server):
    location, purged = purge_server
    settings.WAGTAILFRONTENDCACHE = {
        "http": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": location}
    }
    return purged


def test_with_a_cdn_pages_carry_s_maxage(cdn, demo_page):
    response = visitor().get(demo_page(CaseStudyPage).url)
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=600"


def test_publishing_purges_the_page_and_the_pages_that_list_it_from_the_cdn(cdn, home_page, demo_page, publish):
    page = demo_page(CaseStudyPage)
    publish(edit_and_publish, page, title="Purged at once")
    assert {page.url, page.get_parent().url, home_page.url} <= set(cdn)


def test_renaming_a_person_purges_every_live_page_from_the_cdn(cdn, demo_page, publish):
    person = Person.objects.first()
    person.name = "Renamed for the CDN"
    publish(person.save)
    assert set(cdn) == {page.url for page in Page.objects.live().public().specific() if page.url}


# --- A sign-up page served from the cache, filled in per visitor ----------------------------------

TOKEN_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
STAMP_INPUT = re.compile(rf'name="{STARTED_FIELD}" value="([^"]*)"')


def test_an_upcoming_webinar_is_served_from_the_cache_with_each_visitors_own_token_and_stamp(make_webinar):
    webinar = make_webinar(capacity=None)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    # Times with fewer and more digits: the second stamp is longer than the one in the stored copy.
    shown = int(time.time()) + 0.5
    with time_machine.travel(shown, tick=False):
        stored = first.get(webinar.url)
    with time_machine.travel(shown + 5.123456, tick=False):
        served = second.get(webinar.url)
    assert stored["X-Cache"] == "MISS" and served["X-Cache"] == "HIT"
    for response in (stored, served):
        assert response["Cache-Control"] == "private, no-store"  # a visitor's token: no shared cache keeps it
    first_token, token = (TOKEN_INPUT.search(r.content.decode()).group(1) for r in (stored, served))
    assert token and token != first_token and first_token not in served.content.decode()
    assert served.cookies["csrftoken"].value  # the cookie that goes with this visitor's token
    assert int(served["Content-Length"]) == len(served.content)
    first_at, at = (
        signing.loads(STAMP_INPUT.search(r.content.decode()).group(1), salt=SPAM_SALT)["at"] for r in (stored, served)
    )
    # Shown when it was served, not when the copy was made, to within the tenth of a second it was in.
    assert at == pytest.approx(math.floor((shown + 5.123456) * 10) / 10) and 5.02 < at - first_at <= 5.123456
    # The rest of the page is the stored copy, byte for byte.
    assert TOKEN_INPUT.sub("", STAMP_INPUT.sub("", served.content.decode())) == TOKEN_INPUT.sub(
        "", STAMP_INPUT.sub("", stored.content.decode())
    )
    data = {"csrfmiddlewaretoken": token, **form_data(webinar, email="served-from-cache@example.org")}
    registered = second.post(webinar.url, data)
    assert (
        registered.status_code == 302 and webinar.registrations.filter(email="served-from-cache@example.org").exists()
    )


def test_a_sign_up_from_a_cached_page_is_accepted_once_the_fill_time_has_passed(make_webinar, settings):
    settings.FORM_MIN_FILL_SECONDS = 3
    webinar = make_webinar(capacity=None)
    Client().get(webinar.url)  # stored
    person = Client(enforce_csrf_checks=True)
    shown = int(time.time()) + 0.99  # late in a second: a stamp rounded up would say the form came later
    with time_machine.travel(shown, tick=False):
        served = person.get(webinar.url)
    page = served.content.decode()
    data = {
        **form_data(webinar, email="three-seconds@example.org"),
        "csrfmiddlewaretoken": TOKEN_INPUT.search(page).group(1),
        STARTED_FIELD: html.unescape(STAMP_INPUT.search(page).group(1)),
    }
    with time_machine.travel(shown + 2.9, tick=False):
        assert person.post(webinar.url, data).status_code == 200  # too fast: the form comes back
    with time_machine.travel(shown + 3, tick=False):
        assert person.post(webinar.url, data).status_code == 302
    assert served["X-Cache"] == "HIT" and webinar.registrations.filter(email="three-seconds@example.org").exists()


def test_a_filled_in_token_is_the_visitors_secret_under_a_new_mask_each_time():
    request = RequestFactory().get("/")
    token = fill_ins.csrf_token(request, "")
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == 32 and len(token) == 64 and _unmask_cipher_token(token) == secret
    again = fill_ins.csrf_token(request, "")
    assert again != token and _unmask_cipher_token(again) == secret  # the same secret, masked anew (BREACH)
    # Every letter as likely as any other: mapping all 256 byte values onto 62 letters would favour eight.
    drawn = Counter(fill_ins.random_letters(620_000))
    assert set(drawn) == set(CSRF_ALLOWED_CHARS) and max(drawn.values()) < 1.1 * min(drawn.values())


def test_a_visitor_who_has_a_csrf_cookie_keeps_it_on_a_cached_sign_up_page(make_webinar, demo_page):
    webinar = make_webinar(capacity=None)
    Client().get(webinar.url)
    returning = Client(enforce_csrf_checks=True)
    returning.get(FormPage.objects.live().get(slug="contact").url)
    cookie = returning.cookies["csrftoken"].value
    served = returning.get(webinar.url)
    assert served["X-Cache"] == "HIT" and returning.cookies["csrftoken"].value == cookie
    token = TOKEN_INPUT.search(served.content.decode()).group(1)
    data = {"csrfmiddlewaretoken": token, **form_data(webinar, email="returning@example.org")}
    assert returning.post(webinar.url, data).status_code == 302


def test_a_cached_sign_up_page_counts_seats_left_from_at_most_15_seconds_ago(make_webinar):
    webinar = make_webinar(capacity=10)
    assert "10 seats left" in Client().get(webinar.url).content.decode()
    assert Client().post(webinar.url, form_data(webinar, email="one-seat@example.org")).status_code == 302
    with time_machine.travel(datetime.timedelta(seconds=10)):
        assert Client().get(webinar.url)["X-Cache"] == "HIT"
    with time_machine.travel(datetime.timedelta(seconds=16)):
        again = Client().get(webinar.url)
    assert again["X-Cache"] == "MISS" and "9 seats left" in again.content.decode()


def test_a_sign_up_page_with_a_form_error_or_for_a_visitor_with_a_session_is_never_stored(make_webinar):
    webinar = make_webinar(capacity=None)
    typed = "typed-by-the-first-visitor@example"
    refused = Client().post(webinar.url, {**form_data(webinar), "email": typed})
    assert refused.status_code == 400 and "X-Cache" not in refused
    browser = Client()
    browser.cookies["sessionid"] = "anything"
    assert "X-Cache" not in browser.get(webinar.url)
    fresh = Client().get(webinar.url)
    assert fresh["X-Cache"] == "MISS" and typed not in fresh.content.decode()


# --- A worker's own copies -----------------------------------------------------------------------


@pytest.fixture
def cache_reads(page_cache, monkeypatch):
    """How many times the page cache is read from now on."""
    reads = []
    read = page_cache.get_many
    monkeypatch.setattr(page_cache, "get_many", lambda keys: reads.append(keys) or read(keys))
    return reads


def test_a_page_found_fresh_is_served_from_the_workers_memory_for_a_second(demo_page, settings, cache_reads):
    settings.PAGE_CACHE_LOCAL_SECONDS = 1
    page = demo_page(CaseStudyPage)
    first = cached_twice(page.url)
    cache_reads.clear()
    again = visitor().get(page.url)
    assert again["X-Cache"] == "HIT" and again.content == first.content
    assert cache_reads == []
    assert 0 < int(re.search(r"max-age=(\d+)", again["Cache-Control"]).group(1)) <= settings.PAGE_CACHE_MAX_AGE


def test_a_publish_through_this_worker_shows_at_once_and_one_on_another_instance_within_the_second(
    demo_page, settings, publish, page_cache
):
    settings.PAGE_CACHE_LOCAL_SECONDS = 1
    page = demo_page(CaseStudyPage)
    cached_twice(page.url)
    publish(edit_and_publish, page, title="Retitled through this worker")
    assert "Retitled through this worker" in visitor().get(page.url).content.decode()
    assert visitor().get(page.url)["X-Cache"] == "HIT"
    # Another instance publishes: the versions move in the shared cache, this worker's memory is untouched.
    page_cache.set(page_key(page.get_url_parts()[2]), new_version(), timeout=None)
    assert visitor().get(page.url)["X-Cache"] == "HIT"  # within its second
    settings.PAGE_CACHE_LOCAL_SECONDS = 0  # the second is over
    assert visitor().get(page.url)["X-Cache"] == "MISS"


def test_the_self_assessment_is_served_from_the_cache_and_its_answers_saved_with_the_visitors_token(demo_page):
    page = SelfAssessmentPage.objects.live().first()
    stored = Client(enforce_csrf_checks=True).get(page.url)
    person = Client(enforce_csrf_checks=True)
    served = person.get(page.url)
    assert stored["X-Cache"] == "MISS" and served["X-Cache"] == "HIT"
    assert served["Cache-Control"] == "private, no-store"
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', served.content.decode()))
    assert tokens and not tokens & set(re.findall(r'value="([^"]+)"', stored.content.decode()))
    conditions = list(SystemCondition.objects.live().prefetch_related("statements"))
    answers = {f"statement_{s.pk}": "3" for condition in conditions for s in condition.statements.all()}
    answered = person.post(page.url, {"csrfmiddlewaretoken": tokens.pop(), **answers})
    assert answered.status_code == 302 and "/results/" in answered["Location"]
