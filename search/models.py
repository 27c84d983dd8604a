import re

from django.core.cache import cache
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.admin.panels import FieldPanel

MAX_ALTERNATIVES = 6


class SearchSynonym(models.Model):
    """Words and phrases that mean the same thing to searchers, e.g. an acronym and its name."""

    terms = models.TextField(
        help_text="One word or phrase per line, e.g. 'PUSD' and 'Pomona Unified'. "
        "A search for any of them also finds the others."
    )

    panels = [FieldPanel("terms")]

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return " = ".join(self.term_list)

    @property
    def term_list(self):
        return [" ".join(line.lower().split()) for line in self.terms.splitlines() if line.strip()]

    @classmethod
    def alternatives(cls, query):
        """Rewrites of the (lower-case) query with each synonym of a term it contains."""
        rewrites = []
        for group in cls.objects.all():
            terms = group.term_list
            for term in terms:
                pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)")
                if pattern.search(query):
                    rewrites.extend(pattern.sub(other, query) for other in terms if other != term)
        return list(dict.fromkeys(rewrites))[:MAX_ALTERNATIVES]


class UnansweredSearch(models.Model):
    """Searches that found nothing, so staff can see what educators look for and miss."""

    query_string = models.CharField(max_length=255, unique=True)
    hits = models.PositiveIntegerField(default=0)
    last_searched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-hits", "-last_searched_at"]
        verbose_name = "search with no results"
        verbose_name_plural = "searches with no results"

    def __str__(self):
        return self.query_string

    @classmethod
    def record(cls, query_string):
        entry, _ = cls.objects.get_or_create(query_string=query_string[:255])
        # An UPDATE with F() so concurrent searches never lose a count.
        cls.objects.filter(pk=entry.pk).update(hits=F("hits") + 1, last_searched_at=timezone.now())


class SearchVisitors(models.Model):
    """How many different visitors made a search on a day: what ranks "Popular searches".

    Only searches editors have made a pick for, and that found something, are counted
    (search/views.py). No address is stored: see record().
    """

    query_string = models.CharField(max_length=255)
    day = models.DateField()
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query_string", "day"], name="one_count_per_search_and_day")]
        verbose_name_plural = "search visitors"

    def __str__(self):
        return f"{self.query_string} ({self.day}: {self.visitors})"

    @classmethod
    def record(cls, query_string, address):
        """Count the address once per query and day. What marks it as counted is a cache entry
        named by a keyed hash of the day, the query and the address: without the secret key it
        cannot be turned back into the address, it differs every day, and it expires with the day."""
        day = timezone.localdate()
        mark = salted_hmac(f"search-visitor:{day}", f"{query_string}\n{address}").hexdigest()
        if not cache.add(f"search-visitor:{mark}", True, timeout=24 * 60 * 60):
            return  # counted today already, or the cache is down (then nobody is counted)
        entry, _ = cls.objects.get_or_create(query_string=query_string[:255], day=day)
        # An UPDATE with F() so concurrent searches never lose a count.
        cls.objects.filter(pk=entry.pk).update(visitors=F("visitors") + 1)


class SearchWord(models.Model):
    """A word of the search index's own text, and on how many pages: what a misspelt search is corrected to.

    Kept by the search backends as they index pages (search/spelling.py); rebuilt whole by update_index."""

    word = models.CharField(max_length=64, primary_key=True)
    pages = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "search word"

    def __str__(self):
        return self.word


class SearchKeyword(models.Model):
    """A word an index entry is much about, and how much: where a broad search looks first (search/keywords.py).

    Kept by the database backends as they index pages; rebuilt whole by update_index."""

    entry_id = models.IntegerField(help_text="The search index entry (wagtailsearch's IndexEntry) the word is of.")
    word = models.CharField(max_length=64)
    weight = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # Read a word's best entries straight from the index, never the table.
            models.Index(fields=["word", "-weight", "entry_id"], name="search_keyword_best"),
            models.Index(fields=["entry_id"], name="search_keyword_entry"),
        ]
        verbose_name = "search keyword"

    def __str__(self):
        return f"{self.word} ({self.weight})"
