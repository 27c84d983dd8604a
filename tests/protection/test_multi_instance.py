"""Several app instances behind one address: two gunicorn servers (production settings) on
loopback share one database and one page cache. An edit an editor publishes through instance A
is never served stale by instance B, and neither is an unpublished page.

"redis" is the production topology (PostgreSQL + Redis, docs/deploy.md): it runs when the suite
runs on PostgreSQL with REDIS_URL set, as .ci/run does. "files" is one machine without Redis
(what several gunicorn workers share) and runs on every database.
"""

import os
import re
import tempfile
import uuid
from pathlib import Path

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from devtools.production_server import collect_static, free_port, production_server
from home.factories import StandardPageFactory
from tests.utils import routable_home_page

PASSWORD = "a long enough password for the admin 42"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def fetch(session, url, **kwargs):
    return session.get(url, timeout=30, allow_redirects=False, **kwargs)


def post_form(session, url, data):
    """POST a form the way a browser does: the token from the form page, the cookie from the session."""
    token = TOKEN.search(fetch(session, url).text).group(1)
    return session.post(url, data={"csrfmiddlewaretoken": token, **data}, timeout=30, allow_redirects=False)


def new_session():
    session = requests.Session()
    session.trust_env = False  # loopback only, never through a proxy from the environment
    return session


def shared_cache(kind, directory):
    if kind == "files":
        return {"PAGE_CACHE_DIR": str(directory), "REDIS_URL": ""}
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("Needs PostgreSQL and REDIS_URL (CI's PostgreSQL run sets both).")
    # A prefix of this run's own: Redis outlives the test database, and so would Wagtail's cached site paths.
    return {"REDIS_URL": os.environ["REDIS_URL"], "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}


# transaction=True: the servers only see committed rows.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("cache", ["redis", "files"])
def test_an_edit_published_through_one_instance_is_never_stale_on_another(cache):
    with tempfile.TemporaryDirectory(prefix="multi-instance-") as tmp:
        # Strictly never stale: each worker asks the shared cache on every request. Production's default
        # (PAGE_CACHE_LOCAL_SECONDS=1) lets another instance show the old copy for up to that second.
        env = {
            "PAGE_CACHE_TIMEOUT": "600",
            "PAGE_CACHE_LOCAL_SECONDS": "0",
            **shared_cache(cache, Path(tmp) / "page-cache"),
        }
        page = StandardPageFactory(parent=routable_home_page(), title="Before the edit")
        page.save_revision().publish()
        path = page.get_url_parts()[2]
        admin = get_user_model().objects.create_superuser("multi-instance-admin", "admin@example.org")
        # Hashed as production checks it (the test settings use a fast hasher production does not know).
        hasher = PBKDF2PasswordHasher()
        admin.password = hasher.encode(PASSWORD, hasher.salt())
        admin.save()
        static_root = Path(tmp) / "static"
        collect_static(static_root)

        with (
            production_server(1, free_port(), path, static_root, **env) as instance_a,
            production_server(1, free_port(), path, static_root, **env) as instance_b,
        ):
            visitor, editor = new_session(), new_session()
            assert fetch(visitor, instance_b + path).headers["X-Cache"] == "HIT"  # warmed while starting

            draft = page.get_latest_revision_as_object()
            draft.title = "After the edit"
            draft.save_revision()
            # A draft changes nothing for visitors, on either instance.
            assert "Before the edit" in fetch(visitor, instance_b + path).text

            logged_in = post_form(
                editor, f"{instance_a}/admin/login/", {"username": "multi-instance-admin", "password": PASSWORD}
            )
            assert logged_in.status_code == 302
            published = post_form(editor, f"{instance_a}/admin/bulk/wagtailcore/page/publish/?id={page.pk}", {})
            assert published.status_code == 302

            answer = fetch(visitor, instance_b + path)
            assert (
                answer.status_code == 200 and "After the edit" in answer.text and "Before the edit" not in answer.text
            )
            assert fetch(visitor, instance_b + path).headers["X-Cache"] == "HIT"  # and cached again, fresh

            unpublished = post_form(editor, f"{instance_a}/admin/pages/{page.pk}/unpublish/", {})
            assert unpublished.status_code == 302
            assert fetch(visitor, instance_b + path).status_code == 404
