"""Helpers the test modules share: sites to build on, what people post, users, files, query counts."""

import io
import os
import re
import secrets
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site
from wagtail.test.utils.form_data import querydict_from_html

from home.factories import HomePageFactory
from protection.spam import STARTED_FIELD, started_token
from webinars.factories import WebinarIndexPageFactory
from webinars.models import Registration, WebinarIndexPage
from webinars.views import SPAM_FORM


def routable_home_page():
    """The default site's home page. Transactional tests before the caller may have flushed the
    database (demo site, root page and all), so build root → home → default site again if so."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page.specific
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePageFactory(parent=root)
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def routable_webinar_index():
    """The demo's webinar index if it is still there, else a new one on the default site."""
    return WebinarIndexPage.objects.first() or WebinarIndexPageFactory(parent=routable_home_page())


def edit_form_data(client, page):
    """What the edit view's form would post as it stands."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    return querydict_from_html(html, form_id="page-edit-form")


def get_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def meta(html, attribute, name):
    """The content of the one <meta> tag with that name or property, as the page spells it (escaped)."""
    found = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert len(found) == 1, (name, found)
    return found[0]


def contact_answers(page, **overrides):
    """A valid post to the contact form, shown a minute ago."""
    return {
        "name": "Jamie Rivera",
        "email": "jamie@example.org",
        "school_or_district": "Pomona Unified",
        "role": "Teacher",
        "message": "We would like to start a teacher-led team this spring.",
        STARTED_FIELD: started_token(page, at=time.time() - 60),
        **overrides,
    }


# A link in an email, as the registrant clicks it: (path, "registered" or "cancel").
EMAILED_LINK = re.compile(r"https?://[^/\s]+(/[^\s\"]*?/(registered|cancel)/[A-Za-z0-9_-]+/)")


def details(email="teacher@example.org", **overrides):
    return {
        "name": "Ada Teacher",
        "email": email,
        "role": "teacher",
        "organisation": "Stone Creek Elementary",
        "state": "SC",
        "consent": True,
        **overrides,
    }


def form_data(webinar, **overrides):
    """What a person sends from the webinar's page, a minute after it appeared."""
    data = details(**overrides)
    data["consent"] = "on" if data["consent"] else ""
    return {STARTED_FIELD: started_token(webinar, SPAM_FORM, at=time.time() - 60), **data}


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def emailed_links(address):
    """{"registered": path, "cancel": path} from the newest email to this address."""
    return {kind: path for path, kind in EMAILED_LINK.findall(emails_to(address)[-1].body)}


def concurrent(calls, threads):
    """Run the calls from `threads` threads at once; return the exceptions raised."""
    errors, barrier, lock = [], threading.Barrier(threads), threading.Lock()
    chunks = [calls[index::threads] for index in range(threads)]

    def worker(chunk):
        try:
            barrier.wait()
            for call in chunk:
                try:
                    call()
                except Exception as error:  # noqa: BLE001 - collected and asserted on, never swallowed
                    with lock:
                        errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return errors


def make_user(username, *groups, **extra):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "password", **extra)
    user.groups.add(*groups)
    return user


def registrant(webinar, name, status=Registration.Status.CONFIRMED, **fields):
    email = fields.pop("email", f"{name.lower().replace(' ', '.')}@example.org")
    fields.setdefault("role", Registration.Role.TEACHER)
    return Registration.objects.create(webinar=webinar, name=name, email=email, status=status, **fields)


def make_user_with_permissions(username, *permissions):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "password")
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"), *permissions
    )
    user.groups.add(group)
    return user


def small_image(image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, image_format)
    return buffer.getvalue()


def small_png():
    return small_image("PNG")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


GOOD_KEY = secrets.token_urlsafe(64)


def run_production(*args, **env):
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
    }
    environment.update(
        {"DJANGO_SETTINGS_MODULE": "ctqsite.settings.production", "ALLOWED_HOSTS": "www.example.org", **env}
    )
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def count_queries(client, url, params=None):
    client.get(url, params)  # warm: renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)
