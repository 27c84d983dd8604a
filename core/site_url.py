"""The default Site must be the site's own address: WAGTAILADMIN_BASE_URL.

Wagtail makes every absolute link outside a request (emails, calendar files) from the default Site,
and feeds and og:url from the Site a request matches, which falls back to the default one. The
home page's migration makes it http://localhost, so `manage.py set_site_url` sets it from the
configured address (`make run` and `make serve` run it), a system check warns when the two differ,
and ctqsite.wsgi refuses to start production with a Site that is not its address. A production-settings
server on plain HTTP on a private machine (HTTPS_ONLY=false: benchmarks, servers of tests sharing one
database) only logs it.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections
from wagtail.models import Site

logger = logging.getLogger(__name__)

FIX = (
    "Run `python manage.py set_site_url` to set the Site from WAGTAILADMIN_BASE_URL, or correct WAGTAILADMIN_BASE_URL."
)


def site_address(url):
    """(hostname, port) of the Site whose root URL is url; ValueError if a Site cannot have it."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in ("http", "https") or not parts.hostname or port == -1:
        raise ValueError(f"{url!r} is not an address like https://www.example.org or http://127.0.0.1:8000.")
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise ValueError(f"{url!r} has a path; a Wagtail Site is a host name and port only.")
    port = port or (443 if parts.scheme == "https" else 80)
    # Wagtail's Site spells its scheme with the port: https only on 443, http on every other.
    if (parts.scheme == "https") != (port == 443):
        raise ValueError(f"{url!r}: a Wagtail Site makes https links on port 443 only, and http links on any other.")
    return parts.hostname.lower(), port


def site_url_problem():
    """What is wrong with the default Site against WAGTAILADMIN_BASE_URL, or None."""
    base_url = settings.WAGTAILADMIN_BASE_URL
    try:
        address = site_address(base_url)
    except ValueError as error:
        return f"WAGTAILADMIN_BASE_URL is not usable as the site's address: {error}"
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return "There is no default Site, so absolute links have no address."
    if (site.hostname.lower(), site.port) != address:
        return (
            f"The default Site is {site.root_url}, but the site's address (WAGTAILADMIN_BASE_URL) is {base_url}: "
            "links in emails, feeds, calendar files and og:url would point at the wrong place."
        )
    return None


@checks.register(checks.Tags.database)
def check_site_url(databases=None, **kwargs):
    """A database check: Django passes databases only to `migrate` and `check --database default`."""
    if not databases:
        return []
    try:
        problem = site_url_problem()
    except DatabaseError:  # not migrated yet: migrate runs its checks first
        return []
    return [checks.Warning(problem, hint=FIX, id="home.W001")] if problem else []


def require_site_url():
    """At start-up (ctqsite.wsgi): refuse to serve with the wrong Site; carry on if the database is not answering."""
    try:
        problem = site_url_problem()
    except DatabaseError:
        logger.warning("The default Site could not be checked against WAGTAILADMIN_BASE_URL: no database.")
        return
    finally:
        # The workers must not share this connection if the application is loaded before they fork.
        connections.close_all()
    if problem and settings.HTTPS_ONLY:
        raise ImproperlyConfigured(f"{problem} {FIX}")
    if problem:
        logger.warning("%s %s", problem, FIX)
