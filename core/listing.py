from django.core.paginator import Paginator
from django.db.models import Prefetch
from wagtail.images import get_image_model

from .images import CARD_SPEC, specs

PAGE_SIZE = 12


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page of a listing; bad or out-of-range numbers give the nearest page."""
    requested = request.GET.get("page")
    page = Paginator(queryset, per_page).get_page(requested)
    if requested is not None and requested != str(page.number):
        # ?page=abc, 0 or past the end shows another page: a copy per such value would fill the page cache.
        request.page_cacheable = False
    return page


def with_card_images(queryset, field="hero_image"):
    """Fetch each item's card image and its card rendition with the list: no query per card."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs(CARD_SPEC))
    return queryset.select_related(field).prefetch_related(Prefetch(f"{field}__renditions", queryset=renditions))
