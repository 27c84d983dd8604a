"""When the database is down: a friendly 503 page instead of an error, and a health check for
the load balancer or monitoring that says so."""

import logging

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

# Seconds a browser or proxy should wait before asking again.
RETRY_AFTER = 60


def unavailable_response():
    # 503.html needs no database: no page, no settings, no menu.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answers 503 when a view cannot reach the database (a refused or dropped connection)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable for %s", request.path, exc_info=exception)
            return unavailable_response()
        return None


@never_cache
def health(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (OperationalError, InterfaceError) as error:
        logger.error("Health check: database unavailable: %s", type(error).__name__)
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})
