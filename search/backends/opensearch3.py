"""OpenSearch 3 (SEARCH_URL=opensearch3+…): modelsearch's backend, answering the search page through its API."""

from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend

from . import SiteSearch


class SearchBackend(SiteSearch, OpenSearch3SearchBackend):
    pass
