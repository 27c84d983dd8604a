from django import template

from core import seo
from core.models import SiteSettings

from .navigation_tags import page_ancestors

register = template.Library()


@register.inclusion_tag("components/seo.html", takes_context=True)
def seo_meta(context, description=""):
    """Description, canonical URL, Open Graph and Twitter tags, and the JSON-LD graph for <head>."""
    request = context["request"]
    page = context.get("page")
    site_settings = SiteSettings.for_request(request)
    if page is None:
        # Views outside the page tree (search): the organisation, and a description the view passes.
        return {"description": description, "json_ld": seo.json_ld([seo.organization(request, site_settings)])}

    graph = list(page.schema_org(request, context)) if hasattr(page, "schema_org") else []
    ancestors = page_ancestors(request, page)
    if ancestors:
        trail = [("Home" if ancestor.depth == 2 else ancestor.title, ancestor) for ancestor in ancestors]
        graph.append(seo.breadcrumb_list(request, trail + [(page.title, page)]))
    kind = graph[0]["@type"] if graph else ""
    head = seo.head(request, page, site_settings)
    return {
        **head,
        "page": page,
        "description": head["description"] or description,
        "og_type": "article" if kind == "Article" else "website",
        "published": graph[0].get("datePublished") if kind == "Article" else None,
        "site_name": seo.site_name(),
        "json_ld": seo.json_ld(graph),
    }


@register.simple_tag(takes_context=True)
def site_title(context):
    return seo.site_title(context["request"])
