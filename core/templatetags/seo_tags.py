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
    return {
        "page": page,
        "title": page.seo_title or page.title,
        "description": seo.meta_description(page) or description,
        "canonical": page.get_full_url(request),
        "og_type": "article" if kind == "Article" else "website",
        "published": graph[0].get("datePublished") if kind == "Article" else None,
        "image": seo.social_image(request, share_image(page, site_settings)),
        "site_name": seo.site_name(),
        "json_ld": seo.json_ld(graph),
    }


def share_image(page, site_settings):
    """The page's own hero image, else the site's share image: every shared link gets a picture."""
    image = getattr(page, "hero_image", None)
    return image if image is not None else site_settings.share_image
