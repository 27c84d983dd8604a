"""How the site search reads text, the same on both databases.

Both index every word, stemmed (SQLite FTS5's ``porter`` tokenizer; on PostgreSQL the text search
configuration TEXT_SEARCH_CONFIG, English Snowball stemming with no stop-word list), so a title
such as "Why collective leadership, and why now?" is found word for word. Stop words only matter
for the query: a search first asks for every word, then for every word but these, before it
settles for pages with some of the words (search/query.py).
"""

import re

from core.page_types import searchable_types

# English stemming that keeps every word: made by migration search 0004.
TEXT_SEARCH_CONFIG = "ctq_english"

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "should",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)

# Hyphens and apostrophes join parts that both engines index as words of their own.
WORD_JOINER = re.compile(r"['’-]+")


def engine_words(terms):
    """The words the engines match for cleaned search terms: "co-teacher" is "co teacher", "team's" "team s"."""
    return WORD_JOINER.sub(" ", terms).lower().split()


def content_words(words):
    """The words that say what a search is about: no stop words, no single letters."""
    return [word for word in words if word not in STOP_WORDS and len(word) > 1]


def named_types(words):
    """The page types a search names ("webinars", "case study"), whose pages it ranks first."""
    stems = {singular(word) for word in words}
    named = []
    for page_type in searchable_types():
        for name in {page_type.label, page_type.plural}:
            if all(singular(word) in stems for word in engine_words(str(name))):
                named.append(page_type)
                break
    return named


def singular(word):
    for plural, single in (("ies", "y"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 2:
            return word[: -len(plural)] + single
    return word
