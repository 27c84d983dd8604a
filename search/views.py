from datetime import timedelta

from django.db.models import Sum
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, Site

from core.page_types import searchable_types
from protection.ratelimit import RateLimit, client_ip
from taxonomy.models import SystemCondition

from .models import SearchVisitors, UnansweredSearch
from .query import clean_query, run_search, suggestions, types_by_slug

# Results pages and suggestions together, from one address.
SEARCHES = RateLimit("search", "SEARCH_RATE_LIMIT")
POPULAR_SEARCH_DAYS = 30
POPULAR_SEARCH_MIN_VISITORS = 3


def selected_values(request, name, known):
    """The values of a repeated GET parameter that we know; unknown ones are ignored."""
    return [value for value in dict.fromkeys(request.GET.getlist(name)) if value in known]


@require_GET
def search(request):
    if SEARCHES.hit(request):
        return SEARCHES.page(
            request,
            "We have had more searches from your connection than we answer in a short time: "
            "the limit keeps search quick for everyone.",
        )
    query = clean_query(request.GET.get("query", ""))
    conditions = list(SystemCondition.objects.live())
    condition_slugs = selected_values(request, "condition", {c.slug for c in conditions})
    by_slug = types_by_slug()
    type_slugs = selected_values(request, "type", by_slug)
    context = {
        "search_query": query,
        "conditions": conditions,
        "selected_types": type_slugs,
        "selected_conditions": condition_slugs,
        "has_filters": bool(type_slugs or condition_slugs),
    }
    if query:
        logged = Query.get(query)
        # Editors' picks stand for the whole search, so they are never shown again among the results;
        # a filtered search shows only what the filters ask for.
        promotions = [] if context["has_filters"] else editors_picks(logged)
        outcome = run_search(
            query,
            types=[by_slug[slug] for slug in type_slugs],
            conditions=[c for c in conditions if c.slug in condition_slugs],
            page_number=request.GET.get("page"),
            promoted=[pick.page_id for pick in promotions if pick.page_id],
            literal=request.GET.get("literal") == "1",  # "Search instead for" what was typed
        )
        context.update(
            outcome=outcome,
            promotions=promotions,
            results_count=outcome.organic + len(promotions),
            active_filters=active_filters(
                query,
                [("type", slug, by_slug[slug].plural) for slug in type_slugs]
                + [("condition", c.slug, c.name) for c in conditions if c.slug in condition_slugs],
            ),
            **facets(outcome, conditions, type_slugs, condition_slugs),
        )
        if request.GET.get("page") in (None, "", "1"):  # count a search once, not per page
            log_search(request, logged, outcome, promotions)
        if not outcome.total:
            context["popular_searches"] = popular_searches()
            context["sections"] = site_sections(request)
    return TemplateResponse(request, "search/search.html", context)


def facets(outcome, conditions, type_slugs, condition_slugs):
    """(choice, pages found, checked) for each filter worth a checkbox; a search past the count's bound has no
    counts (None), and offers every filter."""

    def count(counts, key):
        return None if outcome.more else counts.get(key, 0)

    return {
        "type_facets": offered(
            (search_type, count(outcome.type_counts, search_type.search_slug), search_type.search_slug in type_slugs)
            for search_type in searchable_types()
        ),
        "condition_facets": offered(
            (condition, count(outcome.condition_counts, condition.pk), condition.slug in condition_slugs)
            for condition in conditions
        ),
    }


def offered(facets):
    """The filters worth a checkbox: those that find something (or may), and those that are on."""
    return [(choice, count, checked) for choice, count, checked in facets if count != 0 or checked]


def active_filters(query, chosen):
    """(name, the address of this search without it) for each (parameter, slug, name) that is on."""

    def without(parameter, slug):
        kept = [(p, s) for p, s, _ in chosen if (p, s) != (parameter, slug)]
        return reverse("search") + "?" + urlencode([("query", query), *kept])

    return [(name, without(parameter, slug)) for parameter, slug, name in chosen]


def editors_picks(logged):
    """The picks editors made for the query that can be followed: external links and live pages."""
    picks = logged.editors_picks.select_related("page").order_by("sort_order")
    return [pick for pick in picks if pick.external_link_url or (pick.page and pick.page.live)]


def log_search(request, logged, outcome, promotions):
    """Count the search in Wagtail's query log (and ours when it found nothing)."""
    logged.add_hit()
    if not outcome.total:
        UnansweredSearch.record(logged.query_string)
    elif promotions:
        # Editors chose this query, and it finds something: it may become a popular search.
        SearchVisitors.record(logged.query_string, client_ip(request))


def popular_searches(limit=5):
    """What the zero-results page offers every visitor, so never what one visitor can plant (SECURITY.md
    trap 14): only queries editors have made a pick for, made by POPULAR_SEARCH_MIN_VISITORS different
    visitors (one address counts once a day), and none that any search in the period found nothing for."""
    since = timezone.now() - timedelta(days=POPULAR_SEARCH_DAYS)
    approved = Query.objects.filter(editors_picks__isnull=False).values("query_string")
    unanswered = UnansweredSearch.objects.filter(last_searched_at__gte=since).values("query_string")
    return list(
        SearchVisitors.objects.filter(day__gte=timezone.localdate(since), query_string__in=approved)
        .exclude(query_string__in=unanswered)
        .values("query_string")
        .annotate(total=Sum("visitors"))
        .filter(total__gte=POPULAR_SEARCH_MIN_VISITORS)
        .order_by("-total", "query_string")
        .values_list("query_string", flat=True)[:limit]
    )


def site_sections(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    return list(Page.objects.child_of(site.root_page).live().public().in_menu())


@require_GET
def suggest(request):
    """Suggestions for the search box (search/static/search/suggest.js): see ``search.query.suggestions``."""
    if SEARCHES.hit(request):
        return SEARCHES.refuse(JsonResponse({"suggestions": []}))
    response = JsonResponse({"suggestions": suggestions(request.GET.get("query", ""), request)})
    response["Cache-Control"] = "public, max-age=300"
    return response
