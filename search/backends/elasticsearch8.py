"""Elasticsearch 8 (SEARCH_URL=elasticsearch8+…): modelsearch's backend, answering the search page through its API."""

from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend

from . import SiteSearch


class SearchBackend(SiteSearch, Elasticsearch8SearchBackend):
    pass
