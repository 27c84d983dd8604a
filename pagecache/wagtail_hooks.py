from urllib.parse import urlencode

from django.http import QueryDict
from wagtail import hooks

from .middleware import keyed_params, params_read


@hooks.register("before_serve_page")
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    """A page at its own URL may be shared; its sub-routes (a registrant's status, cancel) never are.

    At its own URL the page sees only the GET parameters it declares (``varies_on_query_params``):
    the shared copy is keyed on exactly those (pagecache/middleware.py), so nothing else may change it.
    A parameter that only another page type reads (``?page=2`` on a case study) would make a copy per
    value: such a request is answered but not stored.
    The middleware still refuses anything personal: logged in, a cookie set, a CSRF token used.
    """
    url_parts = page.get_url_parts(request=request)
    if url_parts is None or url_parts[2] != request.path:
        request.page_cacheable = False
        return
    read = params_read(page)
    request.page_cacheable = not (keyed_params() & request.GET.keys()) - read
    request.GET = QueryDict(urlencode([(name, request.GET[name]) for name in sorted(read & request.GET.keys())]))
