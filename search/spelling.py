"""Corrections of misspelt search words, against the words of the search index itself.

The vocabulary (SearchWord) holds every word of the indexed titles and bodies with the number of
pages it is on; a word the index does not match is replaced by the vocabulary's closest word
(fewest edits, then most pages). The same vocabulary and the same choice serve both databases, so
a typo is corrected the same way on each. A correction keeps the first letter (few typos change it,
and it keeps the comparison to a few hundred words). Each process keeps the vocabulary in memory, grouped by
length, until an index change names a new word (VERSION_KEY in the shared cache).
"""

import re
import uuid
from collections import Counter

from django.core.cache import cache
from django.db import transaction

from .models import SearchWord

WORD = re.compile(r"[^\W\d_]{3,64}")
VERSION_KEY = "search:vocabulary-version"
_loaded = {}  # version -> {(length, first letter): [(word, pages)]}
_most_pages = {}  # version -> the pages of the commonest word


def words_of(text):
    return {word.lower() for word in WORD.findall(text or "")}


def add_words(texts):
    """Add the words of newly indexed text; a changed vocabulary is reloaded by every process."""
    words = set().union(*(words_of(text) for text in texts)) if texts else set()
    if not words:
        return
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    new = words - known
    if new:
        SearchWord.objects.bulk_create([SearchWord(word=word) for word in new], ignore_conflicts=True)
        vocabulary_changed()


def rebuild_vocabulary(texts):
    """The whole vocabulary from each page's text (an iterable of strings, one per page)."""
    pages = Counter()
    for text in texts:
        pages.update(words_of(text))
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            [SearchWord(word=word, pages=count) for word, count in pages.items()], batch_size=2000
        )
    vocabulary_changed()


def vocabulary_changed():
    """Every process reloads: now, and again once the words are committed (one may have read in between)."""

    def new_version():
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)

    new_version()
    transaction.on_commit(new_version)


def vocabulary():
    version = cache.get(VERSION_KEY)
    if version is None or version not in _loaded:
        by_length = {}
        for word, pages in SearchWord.objects.values_list("word", "pages").iterator():
            by_length.setdefault((len(word), word[0]), []).append((word, pages))
        if version is None:  # no version yet (or no cache): name this one
            version = uuid.uuid4().hex
            cache.add(VERSION_KEY, version, timeout=None)
        _loaded.clear()
        _most_pages.clear()
        _loaded[version] = by_length
        _most_pages[version] = max((pages for words in by_length.values() for _, pages in words), default=0)
    return _loaded[version]


def pages_with(word):
    """On how many pages the vocabulary has the (lower-case) word: 0 if on none, or too short to be kept."""
    return dict(vocabulary().get((len(word), word[:1]), ())).get(word, 0)


def most_pages():
    """The pages of the vocabulary's commonest word: about how many pages are indexed."""
    vocabulary()
    return next(iter(_most_pages.values()), 0)


def allowed_edits(word):
    return 1 if len(word) <= 5 else 2


def correction(word):
    """The vocabulary's closest word to one the index does not match, or None if none is close."""
    limit = allowed_edits(word)
    by_length = vocabulary()
    best = None
    for length in range(len(word) - limit, len(word) + limit + 1):
        for candidate, pages in by_length.get((length, word[0]), ()):
            edits = edit_distance(word, candidate, limit)
            if edits <= limit and (best is None or (edits, -pages, candidate) < best):
                best = (edits, -pages, candidate)
    return best[2] if best else None


def edit_distance(a, b, limit):
    """Edits (insert, delete, replace, swap two neighbours) from a to b; any number above limit means "too far"."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
