from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    site = Site.find_for_request(request)
    current = context.get("page")
    items = []
    if site:
        items = list(site.root_page.get_children().live().public().in_menu().only("title", "url_path", "path", "depth"))
    current_path = getattr(current, "url_path", "")
    return {
        "items": [(item, current_path.startswith(item.url_path)) for item in items],
        "request": request,
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    ancestors = []
    if page and page.depth > 2:
        ancestors = list(Page.objects.ancestor_of(page).filter(depth__gt=1).live().only("title", "url_path", "path", "depth"))
    return {"ancestors": ancestors, "page": page, "request": context["request"]}
