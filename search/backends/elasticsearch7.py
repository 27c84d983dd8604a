"""Elasticsearch 7 (SEARCH_URL=elasticsearch7+…): modelsearch's backend, answering the search page through its API."""

from modelsearch.backends.elasticsearch7 import Elasticsearch7SearchBackend

from . import SiteSearch


class SearchBackend(SiteSearch, Elasticsearch7SearchBackend):
    pass
