"""OpenSearch 2 (SEARCH_URL=opensearch2+…): modelsearch's backend, answering the search page through its API."""

from modelsearch.backends.opensearch2 import OpenSearch2SearchBackend

from . import SiteSearch


class SearchBackend(SiteSearch, OpenSearch2SearchBackend):
    pass
