"""The site search: what a visitor asked for, and what the search backend found.

Views and the benchmark command both go through ``run_search`` so that what
is measured is what visitors get.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from core.page_types import PageType, searchable_types

from .analysis import content_words, engine_words, named_types
from .highlight import highlight, searchable_text
from .models import SearchSynonym
from .spelling import correction

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
RESULTS_PER_PAGE = 10
SUGGESTION_LIMIT = 8
# More pages than any search has, and an offset every database's integers hold (a page number of 10**18
# overflowed PostgreSQL's bigint and SQLite's INTEGER); run_search shows the last page for any number past it.
MAX_PAGE_NUMBER = 1_000_000
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Characters the full-text engines treat as syntax (quotes, operators, brackets, *, :);
# letters, digits and in-word hyphens and apostrophes are all a search needs.
NOT_A_TERM = re.compile(r"[^\w\s'’-]|(?<!\w)['’-]+|['’-]+(?!\w)")


def types_by_slug():
    return {page_type.search_slug: page_type for page_type in searchable_types()}


def types_by_model():
    return {page_type.model: page_type for page_type in searchable_types()}


def clean_query(raw):
    """The query as the visitor typed it, made safe to keep: no control characters, single spaces, bounded."""
    text = unicodedata.normalize("NFKC", CONTROL.sub(" ", raw or ""))
    words = text.split()[:MAX_TERMS]
    return " ".join(words)[:MAX_QUERY_LENGTH].strip()


def search_terms(query):
    """The words of a cleaned query, with nothing a search engine could read as syntax: no markup,
    no operators, no lone letters."""
    words = NOT_A_TERM.sub(" ", strip_tags(query)).split()
    return " ".join(word for word in words if not lone_letter(word))


def lone_letter(word):
    """What is left of markup or a stray key ("<b>trust</b>" had two b's), never a topic; a letter of
    an alphabet without cases (漢) can be a whole word."""
    return len(word) == 1 and word.lower() != word.upper()


@dataclass
class Result:
    page: Page
    type: PageType
    excerpt: str

    @property
    def date(self):
        return getattr(self.page, self.type.date_field, None)

    @property
    def reading_time(self):
        return getattr(self.page, "reading_time", None)


@dataclass
class SearchOutcome:
    query: str
    results: object  # a Paginator page of Result
    total: int  # every page found, the promoted ones too
    organic: int = 0  # the pages listed, promoted ones left out
    type_counts: dict = field(default_factory=dict)
    condition_counts: dict = field(default_factory=dict)
    broadened: bool = False
    corrected_from: str = ""  # what the visitor typed, when the results are for a corrected query
    more: bool = False  # more pages match than ``total`` (search/backends/: COUNT_BOUND); no facet counts


def searchable_pages():
    """Live, public, unexpired pages of the types search covers."""
    content_types = ContentType.objects.get_for_models(*types_by_model()).values()
    return (
        Page.objects.live()
        .public()
        .filter(content_type__in=list(content_types))
        # Expired pages stay live until publish_scheduled runs; never show them meanwhile.
        .exclude(pk__in=Page.objects.filter(expire_at__lte=timezone.now()).values("pk"))
    )


def backend_query(query, alternatives, operator="and"):
    """The query, OR-ed with its synonym rewrites."""
    queries = [PlainText(text, operator=operator) for text in [query, *alternatives]]
    return queries[0] if len(queries) == 1 else Or(queries)


def run_search(query, types=(), conditions=(), page_number=1, per_page=RESULTS_PER_PAGE, promoted=(), literal=False):
    """Search with optional type and condition filters; every count honours the other filter.

    A search asks first for pages with every word, then with every word but the stop words
    (search/analysis.py), then, unless ``literal``, for the query with its misspelt words corrected,
    and last for pages with some of the words.

    ``promoted`` are the ids of pages shown above the results as editors' picks: they are not listed
    again, but count among the pages found."""
    query = search_terms(query)
    if not query:  # only punctuation or symbols: nothing to look for
        return SearchOutcome(query=query, results=Paginator([], per_page).get_page(1), total=0)
    number = requested_page(page_number)
    by_model = types_by_model()
    backend = get_search_backend()  # one of search/backends/, chosen by settings
    alternatives = cache(SearchSynonym.alternatives)  # one read of the synonyms, however often a search retries
    pages = searchable_pages()

    def search(text, operator, number):
        words = engine_words(text)
        return backend.find(
            backend_query(" ".join(words), alternatives(text.lower()), operator),
            types,
            conditions,
            (number - 1) * per_page,
            per_page,
            promoted,
            phrase=text,
            named_types=named_types(words),
            pages=pages,
        )

    def every_word(text):
        found = search(text, "and", number)
        words = engine_words(text)
        if not found.total and content_words(words) and content_words(words) != words:
            found = search(" ".join(content_words(words)), "and", number)
        return found

    searched, operator, corrected_from = query, "and", ""
    found = every_word(query)
    if not found.total and not literal:
        corrected = corrected_query(backend, query)
        if corrected:
            found = every_word(corrected)
            if found.total:
                searched, corrected_from = corrected, query
    if not found.total and len(engine_words(query)) > 1:
        # Nothing has every word: rank pages by how many of the words they have.
        operator = "or"
        found = search(query, operator, number)
    organic = found.total - found.promoted_total
    paginated = Paginator(range(organic), per_page).get_page(number)
    if paginated.number != number:  # past the last page: show the last one, as Paginator.get_page does
        found = search(searched, operator, paginated.number)

    terms = [word for text in [searched, *alternatives(searched.lower())] for word in text.split()]
    # Searchable still, should a remembered search (search/remembered.py) predate a change.
    listed = {page.pk: page for page in pages.filter(pk__in=found.page_ids).specific()}
    paginated.object_list = [
        Result(page, by_model[type(page)], highlight(searchable_text(page), terms))
        for page in (listed[pk] for pk in found.page_ids if pk in listed)
    ]
    return SearchOutcome(
        query=searched,
        results=paginated,
        total=found.total,
        organic=organic,
        type_counts={t.search_slug: found.type_counts.get(t.content_type.pk, 0) for t in by_model.values()},
        condition_counts=found.condition_counts,
        broadened=operator == "or" and found.total > 0,
        corrected_from=corrected_from,
        more=found.more,
    )


def corrected_query(backend, query):
    """The query with each word the index does not match replaced by the closest word it has, or ""."""
    words = query.split()
    unmatched = set(backend.unmatched_words([word.lower() for word in words if len(word) > 2]))
    if not unmatched:
        return ""
    fixed = [(correction(word.lower()) if word.lower() in unmatched else None) or word for word in words]
    return " ".join(fixed) if fixed != words else ""


def suggestions(typed, request=None):
    """Pages whose title, people, school, district or acronym has a word that completes what the visitor
    is typing (each page's AutocompleteFields), as the search box lists them: title, address and type."""
    terms = search_terms(clean_query(typed))
    if len(terms) < 2:
        return []
    types = {search_type.content_type.pk: search_type for search_type in searchable_types()}
    return [
        {"title": page.title, "url": page.get_url(request), "type": types[page.content_type_id].label}
        for page in get_search_backend().completing_pages(terms, SUGGESTION_LIMIT)
    ]


def requested_page(page_number):
    try:
        return min(max(1, int(page_number)), MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        return 1
