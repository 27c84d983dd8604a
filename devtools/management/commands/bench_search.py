"""Time the site search with a fixed set of queries, through the code path the search page uses.

    python manage.py bench_search --repeat 20
    python manage.py bench_search --rebuild --queries my-queries.txt

A query file has one query per line; ``type:<slug>`` and ``condition:<slug>``
words in a line are filters rather than search terms; lines starting with #
are comments. Prints per-query p50/p95 ("1,000+" results: past the count's bound), then the
figures over every run; then the same for the search box's suggestions for a fixed list of
partly typed words.

Remembered searches (search/remembered.py) are off unless --results-cache: each run then does
the work of a query no one has asked since the index last changed.
"""

import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from devtools.production_server import database_description, percentile
from search.query import clean_query, run_search, searchable_pages, suggestions, types_by_slug
from taxonomy.models import SystemCondition

# Single words, pairs, names, condition names, a long phrase, a question, misspellings (corrected),
# a miss, and filtered searches.
DEFAULT_QUERIES = """
leadership
trust
coaching
literacy
principal
teacher voice
peer observation
family engagement
shared decisions
Barnett Berry
Okafor
PUSD
Vision and strategy
Shared influence
how teacher leaders build a culture of trust across every grade
professional learning communities
how do teachers build trust?
leadrship
colective coachng
pomna
xylophone zeppelin
coaching type:case-study
teacher leaders condition:shared-influence
schedule type:roundtable-post condition:vision-and-strategy
"""

# What a visitor has typed so far: word starts of names, schools, districts, acronyms and topics.
TYPED = ["pom", "nad", "walk", "PUSD", "webi", "coll", "lead", "trust", "Barn", "Oka", "teacher le", "shared infl"]

FILTER_PREFIXES = ("type:", "condition:")


def parse_queries(text):
    """(query, type slugs, condition slugs) for each non-blank, non-comment line."""
    queries = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        words = line.split()
        types, conditions = ([w.removeprefix(p) for w in words if w.startswith(p)] for p in FILTER_PREFIXES)
        terms = " ".join(w for w in words if not w.startswith(FILTER_PREFIXES))
        queries.append((clean_query(terms), types, conditions))
    return queries


class Command(BaseCommand):
    help = "Time run_search (the search page's code path) for a list of queries and print p50/p95 per query."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="Timed runs of each query (default 20).")
        parser.add_argument("--queries", type=Path, help="A file of queries instead of the built-in list.")
        parser.add_argument("--rebuild", action="store_true", help="Time 'update_index' before the queries.")
        parser.add_argument(
            "--results-cache",
            action="store_true",
            help="Keep the search results cache on: runs after the warm-up are then answered from it.",
        )

    def handle(self, *args, results_cache, **options):
        if results_cache:
            return self.bench(**options)
        with override_settings(SEARCH_RESULTS_CACHE_SECONDS=0):  # every run ranks, as a first search does
            return self.bench(**options)

    def bench(self, repeat, queries, rebuild, **options):
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        searches = [self.resolve(*query) for query in parse_queries(self.read(queries))]
        if not searches:
            raise CommandError("No queries to run.")
        if rebuild:
            self.rebuild_index()
        for search in searches:
            self.run(search)  # warm-up: content types, synonyms and the database's own caches
        measured = {search: [self.run(search) for _ in range(repeat)] for search in searches}
        self.report("Query", measured, repeat, self.label)
        self.stdout.write("")
        for typed in TYPED:
            self.suggest(typed)  # warm-up
        suggested = {typed: [self.suggest(typed) for _ in range(repeat)] for typed in TYPED}
        self.report("Typed (suggestions)", suggested, repeat, str)
        self.stdout.write(f"Database: {database_description()}; searchable pages: {searchable_pages().count():,}")

    def read(self, path):
        if path is None:
            return DEFAULT_QUERIES
        try:
            return path.read_text()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error

    def resolve(self, query, type_slugs, condition_slugs):
        """A hashable search whose filters are the objects run_search takes."""
        unknown = [slug for slug in type_slugs if slug not in types_by_slug()]
        conditions = tuple(SystemCondition.objects.filter(slug__in=condition_slugs))
        unknown += sorted(set(condition_slugs) - {condition.slug for condition in conditions})
        if unknown:
            raise CommandError(f"Unknown type or condition in {query!r}: {', '.join(unknown)}.")
        if not query:
            raise CommandError("A query line has filters but no search terms.")
        return query, tuple(types_by_slug()[slug] for slug in type_slugs), conditions

    def run(self, search):
        query, types, conditions = search
        started = time.perf_counter()
        outcome = run_search(query, types=types, conditions=conditions, page_number=1)
        elapsed = (time.perf_counter() - started) * 1000
        return f"{outcome.total:,}{'+' if outcome.more else ''}", elapsed

    def suggest(self, typed):
        started = time.perf_counter()
        found = suggestions(typed)
        return f"{len(found):,}", (time.perf_counter() - started) * 1000

    def rebuild_index(self):
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        self.stdout.write(f"update_index: {time.perf_counter() - started:.1f} s")

    def report(self, heading, measured, repeat, label):
        """measured: {search: [(results found, as printed, milliseconds) for each run]}."""
        width = max(len(heading), *(len(label(search)) for search in measured))
        self.stdout.write(f"{heading:<{width}}  {'Results':>7}  {'p50 ms':>7}  {'p95 ms':>7}")
        for search, outcomes in measured.items():
            total, runs = outcomes[-1][0], [ms for _, ms in outcomes]
            p50, p95 = percentile(runs, 50), percentile(runs, 95)
            self.stdout.write(f"{label(search):<{width}}  {total:>7}  {p50:>7.1f}  {p95:>7.1f}")
        every_run = [ms for outcomes in measured.values() for _, ms in outcomes]
        self.stdout.write(
            self.style.SUCCESS(
                f"Overall ({len(measured)} queries x {repeat} runs): p50 {percentile(every_run, 50):.1f} ms, "
                f"p95 {percentile(every_run, 95):.1f} ms, max {max(every_run):.1f} ms"
            )
        )

    def label(self, search):
        query, types, conditions = search
        filters = [f"type:{t.search_slug}" for t in types] + [f"condition:{c.slug}" for c in conditions]
        return " ".join([query, *filters])
