from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_items(context):
    """(page, is_current) for each menu page; the header shows the list twice (phone and wide), asked once."""
    request = context["request"]
    site = Site.find_for_request(request)
    current = context.get("page")
    items = []
    if site:
        items = list(site.root_page.get_children().live().public().in_menu().only("title", "url_path", "path", "depth"))
    current_path = getattr(current, "url_path", "")
    return [(item, current_path.startswith(item.url_path)) for item in items]


def page_ancestors(request, page):
    """The live ancestors below the root, home first; asked once per request (breadcrumbs and JSON-LD share it)."""
    cache = request.__dict__.setdefault("_page_ancestors", {})
    if page.pk not in cache:
        cache[page.pk] = (
            list(Page.objects.ancestor_of(page).filter(depth__gt=1).live().only("title", "url_path", "path", "depth"))
            if page.depth > 2
            else []
        )
    return cache[page.pk]


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    ancestors = page_ancestors(context["request"], page) if page else []
    return {"ancestors": ancestors, "page": page, "request": context["request"]}
