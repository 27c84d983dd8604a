"""Elasticsearch 9 (SEARCH_URL=elasticsearch9+…): modelsearch's backend, answering the search page through its API."""

from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend

from . import SiteSearch


class SearchBackend(SiteSearch, Elasticsearch9SearchBackend):
    pass
