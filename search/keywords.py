"""Each index entry's key words: where a broad search looks for the pages worth ranking.

The engines rank by reading every match (PostgreSQL's ``ts_rank`` over each match's TOASTed
vectors, FTS5's ``bm25()`` over each match's position lists), so a word on nearly every page costs
tens of milliseconds to rank. SearchKeyword lists, for each entry, every word of its title and its
most frequent body words, weighted; a btree on (word, weight) reads the best entries for a word
without reading the rest. A search matching more than COUNT_BOUND pages is ranked exactly, but only
among the best CANDIDATES_PER_WORD entries for each of its words (search/backends/__init__.py).

The words are read here, in Python, the same on both databases: lower case, plural to singular, no
stop words. They only choose whom to rank; what matches, and the order, are the engine's.
"""

import re
from collections import Counter

from modelsearch.query import And, Or, PlainText

from .analysis import STOP_WORDS, engine_words, singular
from .models import SearchKeyword
from .spelling import WORD as VOCABULARY_WORD
from .spelling import most_pages, pages_with

WORD = re.compile(r"[^\W_]{2,64}")
# A title word weighs as much as ten body words, about as the engines weigh titles (A against D, 5 to 1).
TITLE_WEIGHT = 10
KEYWORDS_PER_ENTRY = 40
CANDIDATES_PER_WORD = 100
# A search estimated to match fewer pages is counted and ranked in one statement at once (the demo site's searches,
# every test's). The estimate takes words as independent, and a site's words are not ("peer observation": 2,339
# pages at 10,000, estimated at 822), so it is well below COUNT_BOUND.
ONE_STATEMENT_BELOW = 300
BATCH = 5000


def keyword(word):
    word = singular(word.lower())
    return word if word not in STOP_WORDS and len(word) > 1 else None


def entry_keywords(title, body):
    """{word: weight}: every word of the title, and the most frequent words of the body."""
    title_words = Counter(filter(None, map(keyword, WORD.findall(title or ""))))
    body_words = Counter(filter(None, map(keyword, WORD.findall(body or ""))))
    weights = {word: TITLE_WEIGHT * count + body_words[word] for word, count in title_words.items()}
    for word, count in body_words.most_common(KEYWORDS_PER_ENTRY):
        weights.setdefault(word, count)
    return weights


def keyword_rows(entries, model=SearchKeyword):
    """SearchKeyword rows for (entry id, title text, body text) triples."""
    for entry_id, title, body in entries:
        for word, weight in entry_keywords(title, body).items():
            yield model(entry_id=entry_id, word=word[:64], weight=weight)


def keep_keywords(entries):
    """Replace the key words of the given (entry id, title text, body text) entries."""
    entries = list(entries)
    SearchKeyword.objects.filter(entry_id__in=[entry_id for entry_id, _, _ in entries]).delete()
    SearchKeyword.objects.bulk_create(keyword_rows(entries), batch_size=BATCH)


def rebuild_keywords(entries, model=SearchKeyword):
    """Every entry's key words afresh (update_index, migration search 0007)."""
    model.objects.all().delete()
    rows = []
    for row in keyword_rows(entries, model):
        rows.append(row)
        if len(rows) >= BATCH:
            model.objects.bulk_create(rows)
            rows = []
    model.objects.bulk_create(rows)


def query_keywords(query):
    """The key words of a modelsearch query, synonyms' rewrites included."""
    if isinstance(query, PlainText):
        return list(dict.fromkeys(filter(None, map(keyword, engine_words(query.query_string)))))
    if isinstance(query, (And, Or)):
        return list(dict.fromkeys(word for sub in query.subqueries for word in query_keywords(sub)))
    return []


def candidates_sql(words):
    """SQL and parameters selecting the entry ids worth ranking for these words: each word's best entries."""
    table = SearchKeyword._meta.db_table
    best = f"SELECT entry_id FROM (SELECT entry_id FROM {table} WHERE word = %s ORDER BY weight DESC LIMIT %s) w"
    return " UNION ".join([best] * len(words)), [param for word in words for param in (word, CANDIDATES_PER_WORD)]


def likely_broad(query):
    """Whether a search may match ONE_STATEMENT_BELOW pages or more, estimated from the spelling vocabulary's
    page counts (in memory: no query) as if words fell on pages independently. A word the vocabulary does not
    keep ("of") says nothing. A stem can match more pages than its word is on (leaders, leadership); a search
    thought narrow ranks every match, as it did before key words."""
    return estimated_pages(query) >= ONE_STATEMENT_BELOW


def estimated_pages(query):
    indexed = most_pages()
    if isinstance(query, Or):
        return sum(estimated_pages(sub) for sub in query.subqueries)
    if not isinstance(query, PlainText) or not indexed:
        return indexed
    known = [pages_with(word) for word in engine_words(query.query_string) if VOCABULARY_WORD.fullmatch(word)]
    if query.operator != "and":
        return min(indexed, sum(known)) if len(known) == len(engine_words(query.query_string)) else indexed
    estimate = indexed
    for pages in known:
        estimate *= pages / indexed
    return estimate
