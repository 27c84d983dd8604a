"""Per-address rate limits, counted by django-ratelimit in Django's cache, for every public endpoint that takes input.

Form posts, webinar sign-ups, searches and password resets each have a limit: so many per window
of seconds from one address, both from settings (docs/settings.md), so load tests and
benchmarks can raise them. Over a limit a visitor gets a 429 with Retry-After. (Failed sign-ins
are django-axes's: protection/signin.py.) django-ratelimit's windows end at set times of the clock
(a fixed jitter per address), so a full window is the longest anyone waits: that is Retry-After.

The default cache is shared by every gunicorn worker (Redis, or without it files on the machine,
protection.cache.SharedFileCache), so a limit is the site's, not one worker's.

When the cache is unavailable (protection.cache.FaultTolerantCache answers None) nothing is
counted and nobody is refused (RATELIMIT_FAIL_OPEN): an outage must not lock everyone out.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.response import TemplateResponse
from django_ratelimit.core import is_ratelimited
from ipware import get_client_ip


def client_ip(request):
    """The visitor's address.

    With TRUSTED_PROXY_COUNT proxies in front, each appending the address it saw to
    X-Forwarded-For, it is that many entries from the end: entries the visitor sent
    themselves come earlier and are ignored. django-ipware reads the entry (ports, brackets and
    IPv4-mapped IPv6 taken off) and skips entries that are not addresses; when none fits, the
    proxy's own address counts (sign-in records store addresses in an address column:
    AXES_CLIENT_IP_CALLABLE).
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        # ipware's proxy_count is the number of entries after the visitor's.
        address, _routable = get_client_ip(
            request, proxy_count=proxies - 1, request_header_order=["HTTP_X_FORWARDED_FOR"], strict=False
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class RateLimit:
    """A limit read from two settings: `setting` (how many) and `setting`_WINDOW (seconds)."""

    name: str
    setting: str

    @property
    def limit(self):
        return getattr(settings, self.setting)

    @property
    def window(self):
        return getattr(settings, f"{self.setting}_WINDOW")

    @property
    def minutes(self):
        return max(1, round(self.window / 60))

    def hit(self, request, identity=None):
        """Count one request from this address (or `identity`); True once it is over the limit."""
        # django-ratelimit hashes the key: the cache never holds visitors' addresses or user names.
        return is_ratelimited(
            request,
            group=self.name,
            key=lambda group, request: client_ip(request) if identity is None else identity,
            rate=(self.limit, self.window),
            increment=True,
        )

    def refuse(self, response):
        """Mark a response as this limit's refusal: 429 with Retry-After."""
        response.status_code = 429
        response["Retry-After"] = str(self.window)
        return response

    def page(self, request, message):
        """The plain 429 page, for endpoints with no form of their own to show again."""
        return self.refuse(TemplateResponse(request, "429.html", {"message": message, "minutes": self.minutes}))
