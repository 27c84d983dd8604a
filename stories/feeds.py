"""RSS and Atom feeds of the roundtable posts and the school stories (django.contrib.syndication)."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from taxonomy.models import SystemCondition

from .models import CaseStudyPage, RoundtableIndexPage, RoundtablePostPage, StoryIndexPage

FEED_LENGTH = 20


class PageFeed(Feed):
    """A feed of live, public pages; the link is the section's index page."""

    index_model = None

    def link(self):
        index = self.index_model.objects.live().public().first()
        return index.url if index else "/"

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.full_url

    def item_updateddate(self, item):
        return item.last_published_at


class RoundtableFeed(PageFeed):
    title = "Roundtable posts · Collective Leadership"
    description = "New posts in the roundtable on collective leadership in schools."
    index_model = RoundtableIndexPage

    def items(self):
        return (
            RoundtablePostPage.objects.live()
            .public()
            .defer_streamfields()
            .prefetch_related("authors__person", "tagged_items__tag")
            .order_by("-date", "-pk")[:FEED_LENGTH]
        )

    def item_description(self, item):
        return item.intro

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time.min))

    def item_author_name(self, item):
        return item.author_names

    def item_categories(self, item):
        return [tagged.tag.name for tagged in item.tagged_items.all()]


class StoriesFeed(PageFeed):
    title = "School stories · Collective Leadership"
    description = "New case studies of schools and districts building collective leadership."
    index_model = StoryIndexPage

    def items(self):
        return (
            CaseStudyPage.objects.live()
            .public()
            .defer_streamfields()
            .select_related("district")
            .prefetch_related(Prefetch("conditions", queryset=SystemCondition.objects.live()))
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [condition.name for condition in item.conditions.all()]


class RoundtableAtomFeed(RoundtableFeed):
    feed_type = Atom1Feed
    subtitle = RoundtableFeed.description


class StoriesAtomFeed(StoriesFeed):
    feed_type = Atom1Feed
    subtitle = StoriesFeed.description
