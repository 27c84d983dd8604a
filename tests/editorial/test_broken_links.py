"""The Broken links report (issue 18): `manage.py check_links` finds links to unpublished, deleted
and private pages and to addresses that fail, and Editors and Publishers read them per page."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, ReferenceIndex

from core.factories import ImageFactory
from editorial.models import CheckedLink
from editorial.roles import EDITORS, PUBLISHERS
from home.factories import StandardPageFactory
from tests.utils import make_user, make_user_with_permissions

pytestmark = pytest.mark.django_db


class Website(BaseHTTPRequestHandler):
    """/ok answers 200, /missing 404, /moved 301 to /ok, /no-head 405 to HEAD and 200 to GET."""

    asked = []

    def answer(self):
        self.asked.append((self.command, self.path, self.headers["User-Agent"]))
        code, location = {"/ok": (200, None), "/moved": (301, "/ok"), "/missing": (404, None)}.get(
            self.path, (405, None) if self.command == "HEAD" else (200, None)
        )
        self.send_response(code)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def website():
    Website.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Website)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def allowed(settings):
    settings.LINK_CHECK_ALLOWED_HOSTS = ["127.0.0.1"]


def rich_text(*links):
    return {"type": "paragraph", "value": "<p>" + " ".join(links) + "</p>"}


def link(href, text="Read more"):
    return f'<a href="{href}">{text}</a>'


def page_link(page_id):
    return f'<a linktype="page" id="{page_id}">this page</a>'


def call_to_action(page_id=None, url=""):
    return {
        "type": "call_to_action",
        "value": {"heading": "Start", "text": "", "link_label": "Go", "page": page_id, "url": url},
    }


@pytest.fixture
def section(home_page):
    """A section of its own, so the check stays off the demo's links to real websites."""
    return StandardPageFactory(parent=home_page, title="Link check section")


@pytest.fixture
def linked_pages(section):
    draft = StandardPageFactory(parent=section, title="Unfinished draft", live=False)
    members = StandardPageFactory(parent=section, title="Members only")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    gone = StandardPageFactory(parent=section, title="Withdrawn guide")
    gone_id = gone.pk
    gone.delete()
    return {"draft": draft, "members": members, "gone": gone_id}


def reading_list(section, *body, title="Reading list", **fields):
    page = StandardPageFactory(parent=section, title=title, body=json.dumps(list(body)), **fields)
    # What the task worker does after a save.
    ReferenceIndex.create_or_update_for_object(page)
    return page


def check(section):
    out = io.StringIO()
    call_command("check_links", "--under", str(section.pk), stdout=out)
    return out.getvalue()


def report(client, **params):
    return client.get(reverse("broken_links"), params)


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("link-editor", Group.objects.get(name=EDITORS)))
    return client


def test_the_report_lists_each_broken_link_with_its_page_and_why(
    allowed, editor_client, website, section, linked_pages
):
    source = reading_list(
        section,
        rich_text(page_link(linked_pages["draft"].pk), page_link(linked_pages["members"].pk), page_link(section.pk)),
        rich_text(link(f"{website}/ok"), link(f"{website}/missing"), link(f"{website}/moved")),
        rich_text(link(f"{website}/no-head?term=a&amp;page=2"), link(f"{website}/guía del equipo")),
        call_to_action(page_id=linked_pages["gone"]),
    )
    # A private page may link to its own private section: its readers have signed in.
    reading_list(linked_pages["members"], rich_text(page_link(linked_pages["members"].pk)), title="Members’ notes")
    assert "Works: 5, Broken: 4, Moved: 1" in check(section)

    html = report(editor_client).content.decode()
    assert html.count("Reading list") == 5
    assert reverse("wagtailadmin_pages:edit", args=[source.pk]) in html
    assert "Unfinished draft" in html and "The page it links to is not published." in html
    assert "Members only" in html and "The page it links to is private" in html
    assert f"page {linked_pages['gone']}" in html and "The page it links to was deleted." in html
    assert f'<a rel="noreferrer" href="{website}/missing">' in html
    assert f"{website}/missing" in html and "The website answered 404 Not Found." in html
    assert f"{website}/moved" in html and f"Moved to {website}/ok" in html
    # Working links are not listed: the section, /ok, and /no-head, which answered GET after refusing HEAD.
    assert "Members’ notes" not in html
    assert "Link check section" not in html and f"{website}/ok<" not in html and "no-head" not in html
    assert ("GET", "/no-head?term=a&page=2", "Collective Leadership link checker (+http://testserver)") in Website.asked
    assert ("GET", "/gu%C3%ADa%20del%20equipo") in [asked[:2] for asked in Website.asked]

    external = report(editor_client, kind="external").content.decode()
    assert "/missing" in external and "Unfinished draft" not in external
    moved = report(editor_client, status="redirect").content.decode()
    assert "/moved" in moved and "/missing" not in moved
    assert report(editor_client, status="sideways").status_code == 200

    csv = report(editor_client, export="csv")
    assert csv["Content-Type"].startswith("text/csv")
    rows = b"".join(csv.streaming_content).decode()
    assert (
        '"Reading list"' in rows and f'"{website}/missing"' in rows and '"The website answered 404 Not Found."' in rows
    )


def test_an_address_on_a_private_network_is_refused_unless_its_host_is_allowed(website, section):
    reading_list(section, rich_text(link(f"{website}/ok")), call_to_action(url="http://localhost:1/admin/"))
    check(section)
    refused = CheckedLink.objects.filter(page__title="Reading list").order_by("target")
    assert [(row.status, row.reason) for row in refused] == [
        ("broken", "Not checked: 127.0.0.1 is on a private network address (127.0.0.1)."),
        ("broken", "Not checked: localhost is on a private network address (127.0.0.1)."),
    ]
    assert Website.asked == []


def test_checking_again_updates_the_links_and_forgets_the_fixed_ones(
    allowed, editor_client, website, section, linked_pages
):
    source = reading_list(
        section, rich_text(page_link(linked_pages["draft"].pk), link(f"{website}/missing"), link(f"{website}/ok"))
    )
    elsewhere = reading_list(section, rich_text(link(f"{website}/missing")), title="Further reading")
    check(section)
    first = dict(CheckedLink.objects.values_list("target", "pk").filter(page=source))
    check(section)
    assert dict(CheckedLink.objects.values_list("target", "pk").filter(page=source)) == first

    linked_pages["draft"].save_revision().publish()
    source.body = json.dumps([rich_text(page_link(linked_pages["draft"].pk), link(f"{website}/ok"))])
    source.save_revision().publish()
    elsewhere.unpublish()
    check(section)

    html = report(editor_client).content.decode()
    assert "/missing" not in html and "Unfinished draft" not in html
    assert CheckedLink.objects.filter(page=elsewhere).count() == 0
    assert set(CheckedLink.objects.filter(page=source).values_list("target", "status")) == {
        (f"page {linked_pages['draft'].pk}", "ok"),
        (f"{website}/ok", "ok"),
    }
    assert CheckedLink.objects.get(page=source, target=f"{website}/ok").pk == first[f"{website}/ok"]


def test_documents_in_a_private_collection_and_deleted_images_are_broken(section):
    board = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=board, restriction_type=CollectionViewRestriction.LOGIN)
    private = wagtail_factories.DocumentFactory(collection=board)
    public = wagtail_factories.DocumentFactory(collection=Collection.get_first_root_node())
    kept, gone, hero = ImageFactory(), ImageFactory(), ImageFactory()
    gone_id = gone.pk
    gone.delete()
    reading_list(
        section,
        {"type": "document", "value": {"document": private.pk, "label": ""}},
        rich_text(f'<a linktype="document" id="{public.pk}">Minutes</a>'),
        {"type": "image", "value": {"image": kept.pk, "alt_text": "", "decorative": True}},
        {"type": "image", "value": {"image": gone_id, "alt_text": "", "decorative": True}},
        hero_image=hero,  # a foreign key: found through the reference index
    )
    check(section)
    found = dict(CheckedLink.objects.filter(page__title="Reading list").values_list("target", "reason"))
    assert found == {
        f"document {private.pk}": "The document is in a private collection: visitors are asked to sign in.",
        f"document {public.pk}": "",
        f"image {kept.pk}": "",
        f"image {gone_id}": "The image it links to was deleted.",
        f"image {hero.pk}": "",
    }


def test_publishers_see_the_report_and_others_are_turned_away(client, section):
    reading_list(section, call_to_action(url="http://localhost:1/"))
    check(section)
    assert report(client).status_code == 302  # anonymous: to the sign-in page

    client.force_login(make_user_with_permissions("no-reports"))
    assert report(client).status_code in (302, 403)
    assert "Broken links" not in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(make_user("link-publisher", Group.objects.get(name=PUBLISHERS)))
    assert "localhost:1" in report(client).content.decode()
    assert reverse("broken_links") in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_command_says_so_when_the_page_does_not_exist():
    with pytest.raises(CommandError, match="No page has that id"):
        call_command("check_links", "--under", "999999")
