from django.template.response import TemplateResponse
from wagtail.models import Page

from ctqsite.listing import paginate

MAX_QUERY_LENGTH = 200


def search(request):
    """Full-text search over every public, live page (refined in its own issue)."""
    query = " ".join(request.GET.get("query", "").split())[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": paginate(request, results) if query else None},
    )
