"""Routing a page request from memory: the page a path led to before, checked in one query.

Wagtail finds a page by walking the tree from the site's root: a query for the site, then two per
path segment (the child by slug, then its specific row), five or more for every uncached page.
Each process remembers where a path led (the site, the page's type and id, and what was left of
the path for the page's own routes), and the next request for that path fetches the page by id,
as its specific type, in one query. The memory is only a guess, checked on every use:
- the page must still exist, as that type, at the same url_path (a move or a new slug misses);
- the site floor (pagecache/versions.py) must be the one it was remembered under: a Site saved
  or deleted, or a privacy setting changed, bumps it on every instance, and all is forgotten;
- the page's own route() then runs as in Wagtail's, so a page taken down is a 404 and a
  routable page resolves its sub-route; the before_serve_page hooks (privacy) run as usual.
A guess that fails the check is routed the usual way and remembered afresh.
"""

from django.conf import settings
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Site

from .versions import SITE_FLOOR, current_versions

# Paths remembered per process; past this the memory starts again (tokens in paths make many).
MAX_ROUTES = 5_000

_routes = {}


def serve(request, path):
    """Wagtail's serve view, with the route found from memory where it can be."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return wagtail_views.serve(request, path)
    floor = site_floor(request)
    key = (request._get_raw_host(), request.path)
    remembered = _routes.get(key)
    recalled = (
        floor is not None and remembered is not None and remembered[0] == floor and recall(request, *remembered[1:])
    )
    response = wagtail_views.serve(request, path)
    if floor is not None and not recalled:
        remember(request, key, floor, path)
    return response


def site_floor(request):
    # Read already by the page cache's lookup on GETs; a POST asks for it here.
    floor = getattr(request, "site_floor", None)
    if floor is None:
        floor = (current_versions([SITE_FLOOR]) or {}).get(SITE_FLOOR)
    return floor


def recall(request, site_values, model, page_id, url_path, rest):
    page = model.objects.filter(pk=page_id).first()
    if page is None or page.url_path != url_path:
        return False
    site = Site(**site_values)
    site._state.adding = False
    request._wagtail_site = site
    try:
        request._wagtail_route_for_request = page.route(request, list(rest))
    except Http404:
        request._wagtail_route_for_request = None
    return True


def remember(request, key, floor, path):
    _routes.pop(key, None)
    route = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if route is None or site is None:
        return
    page = route[0]
    root_path = site.root_page.url_path  # Wagtail's site lookup fetched the root page with the site
    if not page.url_path.startswith(root_path):
        return
    own = [part for part in page.url_path[len(root_path) :].split("/") if part]
    asked = [part for part in path.split("/") if part]
    if asked[: len(own)] != own:
        return  # reached some other way than by its own slugs: routed the usual way each time
    if len(_routes) >= MAX_ROUTES:
        _routes.clear()
    site_values = {field.attname: getattr(site, field.attname) for field in Site._meta.concrete_fields}
    _routes[key] = (floor, site_values, type(page), page.pk, page.url_path, tuple(asked[len(own) :]))


def forget_all(**kwargs):
    """Forget every remembered route in this process (a Site changed here; tests between them)."""
    _routes.clear()
