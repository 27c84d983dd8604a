"""The site search: what a visitor asked for, and what the search backend found.

Views and the benchmark command both go through ``run_search`` so that what
is measured is what visitors get.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.query import Or, PlainText

from formpages.models import FormPage
from home.models import StandardPage
from playbook.models import PlaybookPage, StrategyGuidePage, SystemCondition
from stories.models import CaseStudyPage, RoundtablePostPage
from webinars.models import WebinarPage

from .highlight import highlight, searchable_text
from .models import SearchSynonym

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
RESULTS_PER_PAGE = 10
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Characters the full-text engines treat as syntax (quotes, operators, brackets, *, :);
# letters, digits and in-word hyphens and apostrophes are all a search needs.
NOT_A_TERM = re.compile(r"[^\w\s'’-]|(?<!\w)['’-]+|['’-]+(?!\w)")


@dataclass(frozen=True)
class SearchType:
    slug: str
    label: str
    singular: str
    model: type
    date_field: str = "last_published_at"

    @property
    def content_type(self):
        return ContentType.objects.get_for_model(self.model)


SEARCH_TYPES = [
    SearchType("case-study", "Case studies", "Case study", CaseStudyPage, "first_published_at"),
    SearchType("roundtable-post", "Roundtable posts", "Roundtable post", RoundtablePostPage, "date"),
    SearchType("webinar", "Webinars", "Webinar", WebinarPage, "start"),
    SearchType("strategy-guide", "Strategy guides", "Strategy guide", StrategyGuidePage),
    SearchType("playbook", "Playbook", "Playbook", PlaybookPage),
    SearchType("page", "Pages", "Page", StandardPage),
    SearchType("form", "Forms", "Form", FormPage),
]
TYPES_BY_SLUG = {search_type.slug: search_type for search_type in SEARCH_TYPES}
TYPES_BY_MODEL = {search_type.model: search_type for search_type in SEARCH_TYPES}


def clean_query(raw):
    """The query as the visitor typed it, made safe to keep: no control characters, single spaces, bounded."""
    text = unicodedata.normalize("NFKC", CONTROL.sub(" ", raw or ""))
    words = text.split()[:MAX_TERMS]
    return " ".join(words)[:MAX_QUERY_LENGTH].strip()


def search_terms(query):
    """The words of a cleaned query, with nothing a search engine could read as syntax."""
    return " ".join(NOT_A_TERM.sub(" ", query).split())


@dataclass
class Result:
    page: Page
    type: SearchType
    excerpt: str
    promoted: bool = False

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
    total: int
    type_counts: dict = field(default_factory=dict)
    condition_counts: dict = field(default_factory=dict)
    broadened: bool = False


def searchable_pages():
    """Live, public, unexpired pages of the types search covers."""
    content_types = ContentType.objects.get_for_models(*TYPES_BY_MODEL).values()
    return (
        Page.objects.live()
        .public()
        .filter(content_type__in=list(content_types))
        # Expired pages stay live until publish_scheduled runs; never show them meanwhile.
        .exclude(pk__in=Page.objects.filter(expire_at__lte=timezone.now()).values("pk"))
    )


def condition_page_ids(conditions):
    """Ids of the case studies and guides about any of the given conditions."""
    return list(
        Page.objects.filter(
            Q(casestudypage__conditions__in=conditions) | Q(strategyguidepage__condition__in=conditions)
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def backend_query(query, alternatives, operator="and"):
    """The query, OR-ed with its synonym rewrites."""
    queries = [PlainText(text, operator=operator) for text in [query, *alternatives]]
    return queries[0] if len(queries) == 1 else Or(queries)


def run_search(query, types=(), conditions=(), page_number=1, per_page=RESULTS_PER_PAGE):
    """Search with optional type and condition filters; every count honours the other filter."""
    query = search_terms(query)
    if not query:  # only punctuation or symbols: nothing to look for
        return SearchOutcome(query=query, results=Paginator([], per_page).get_page(1), total=0)
    base = searchable_pages()
    by_condition = base.filter(pk__in=condition_page_ids(conditions)) if conditions else base
    by_type = base.filter(content_type__in=[t.content_type for t in types]) if types else base
    selected = by_condition.filter(content_type__in=[t.content_type for t in types]) if types else by_condition

    alternatives = SearchSynonym.alternatives(query.lower())
    backend = backend_query(query, alternatives)
    broadened = False
    if not selected.search(backend).count() and len(query.split()) > 1:
        # Nothing has every word: rank pages by how many of the words they have.
        backend, broadened = backend_query(query, alternatives, operator="or"), True

    results = selected.specific().search(backend)
    paginated = Paginator(results, per_page).get_page(page_number)
    terms = [word for text in [query, *alternatives] for word in text.split()]
    paginated.object_list = [
        Result(page, TYPES_BY_MODEL[type(page)], highlight(searchable_text(page), terms)) for page in paginated
    ]
    return SearchOutcome(
        query=query,
        results=paginated,
        total=paginated.paginator.count,
        type_counts=type_counts(by_condition, backend),
        condition_counts=condition_counts(by_type, backend),
        broadened=broadened,
    )


def type_counts(pages, backend):
    by_content_type = pages.search(backend).facet("content_type_id")
    return {t.slug: by_content_type.get(t.content_type.pk, 0) for t in SEARCH_TYPES}


def condition_counts(pages, backend):
    """Matching case studies and guides per condition: one facet query for each kind."""
    counts = dict.fromkeys(SystemCondition.objects.values_list("pk", flat=True), 0)
    facets = [
        (CaseStudyPage, "conditions"),
        (StrategyGuidePage, "condition_id"),
    ]
    for model, field_name in facets:
        matching = model.objects.filter(pk__in=pages.values("pk"))
        for condition_id, count in matching.search(backend).facet(field_name).items():
            if condition_id in counts:
                counts[condition_id] += count
    return counts
