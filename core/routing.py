"""Routable pages reach their views through one helper, so a page model never imports its views.

Views import the models; the model names its view by dotted path, resolved on the first request.
"""

from functools import cache

from django.utils.module_loading import import_string


@cache
def _view(dotted_path):
    return import_string(dotted_path)


def routed(dotted_path):
    """A route method for RoutablePageMixin that calls view(request, page, *args, **kwargs).

    Use as ``name = path("pattern/", name="name")(routed("app.views.view"))`` in the page class.
    """

    def route(page, request, *args, **kwargs):
        return _view(dotted_path)(request, page, *args, **kwargs)

    route.__name__ = dotted_path.rpartition(".")[2]
    route.__qualname__ = route.__name__
    return route
