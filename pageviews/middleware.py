from .counting import count, is_bot

# What the page cache marks a copy it served with (pagecache/middleware.py).
FROM_PAGE_CACHE = {"HIT", "STALE"}


class PageViewMiddleware:
    """Counts a view of a page at its own address, whether the page cache or Wagtail served it.

    Outside the page cache, so its copies are counted too. Not counted: anything but a GET answered
    200 with HTML, signed-in staff, crawlers and scripts, and browsers' speculative prefetches.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_page_view(request, response):
            count(request.get_host(), request.path)
        return response

    @staticmethod
    def is_page_view(request, response):
        user = getattr(request, "user", None)
        prefetch = request.headers.get("Sec-Purpose", request.headers.get("Purpose", "")).startswith("prefetch")
        return (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            # pagecache/wagtail_hooks.py: a page at its own URL, not one of its sub-routes (a registrant's status).
            and (getattr(request, "page_cacheable", False) or response.get("X-Cache") in FROM_PAGE_CACHE)
            and not (user is not None and user.is_authenticated)
            and not prefetch
            and not is_bot(request.headers.get("User-Agent", ""))
        )
