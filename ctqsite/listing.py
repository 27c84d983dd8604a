from django.core.paginator import Paginator

PAGE_SIZE = 12


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page of a listing; bad or out-of-range numbers give the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
