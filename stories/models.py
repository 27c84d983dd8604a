from django import forms
from django.db import models
from django.db.models import Count, Max, Min, Prefetch
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import date_format
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.signals import page_published

from core import seo
from core.blocks import ArticleStreamBlock, StandardStreamBlock
from core.blocks.text import BODY_RICH_TEXT_FEATURES
from core.listing import paginate, with_card_images
from core.mixins import HeroImageMixin, ListingCardPreviewMixin, ReadingTimeMixin, SharePreviewMixin
from core.page_types import PageType
from core.panels import editor_tabs
from taxonomy.models import District, Person, StateField, SystemCondition, joined_forms, state_names


class CaseStudyQuerySet(PageQuerySet):
    def featured_for(self, home, chosen_ids, limit):
        """The case studies a home page features: the chosen ones in order, then the newest others
        until there are at least ``limit``."""
        stories = with_card_images(
            self.live().public().descendant_of(home).select_related("district").defer_streamfields()
        )
        by_id = {story.pk: story for story in stories.filter(pk__in=chosen_ids)} if chosen_ids else {}
        featured = [by_id[pk] for pk in chosen_ids if pk in by_id]
        if len(featured) < limit:
            newest = stories.exclude(pk__in=by_id).order_by("-first_published_at", "pk")[: limit - len(featured)]
            featured.extend(newest)
        return featured


class RoundtablePostQuerySet(PageQuerySet):
    def newest_voices_under(self, home, limit):
        """(first author, intro, post) for the newest posts under home that have an author."""
        authors = RoundtablePostAuthor.objects.select_related("person__photo").prefetch_related(
            "person__photo__renditions"
        )
        posts = (
            self.live()
            .public()
            .descendant_of(home)
            .defer_streamfields()
            .prefetch_related(Prefetch("authors", queryset=authors))
            .order_by("-date")[:limit]
        )
        return [(post.authors.all()[0].person, post.intro, post) for post in posts if post.authors.all()]


class StoryIndexPage(SharePreviewMixin, Page):
    intro = RichTextField(blank=True, features=BODY_RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [
        FieldPanel("intro", help_text="Shown above the stories. The stories themselves are listed automatically.")
    ]
    edit_handler = editor_tabs(content_panels)
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.CaseStudyPage"]
    max_count = 1
    page_type = PageType(icon="folder-open-inverse")
    page_description = "School stories: lists the case studies, newest first, filterable by system condition."

    class Meta:
        verbose_name = "school stories"
        verbose_name_plural = "school stories"

    # The GET parameters that change what it shows; the page cache ignores (and hides) any other.
    varies_on_query_params = ("condition", "page")

    def case_studies(self):
        return with_card_images(
            CaseStudyPage.objects.child_of(self)
            .live()
            .public()
            .select_related("district")
            .defer_streamfields()
            .order_by("-first_published_at", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        case_studies = self.case_studies()
        conditions = list(SystemCondition.objects.live())
        # Only known slugs filter; anything else shows the whole list.
        selected = next((c for c in conditions if c.slug == request.GET.get("condition")), None)
        if selected:
            case_studies = case_studies.filter(conditions=selected)
        elif "condition" in request.GET:
            request.page_cacheable = False  # the whole list again: not worth a copy in the page cache
        context["conditions"] = conditions
        context["selected_condition"] = selected
        context["case_studies"] = paginate(request, case_studies)
        return context


class CaseStudyPage(ReadingTimeMixin, SharePreviewMixin, ListingCardPreviewMixin, HeroImageMixin, Page):
    summary = models.TextField(
        max_length=400, help_text="Two or three sentences for the story's card and the top of the page."
    )
    school = models.CharField(max_length=160, blank=True, help_text="Leave blank for a district-wide story.")
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_studies"
    )
    state = StateField(blank=True)
    conditions = ParentalManyToManyField(
        SystemCondition,
        blank=True,
        related_name="case_studies",
        help_text="The system conditions this story illustrates.",
    )
    body = StreamField(StandardStreamBlock())

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("school"),
                FieldPanel("district", help_text="Add a missing district under Districts in the menu."),
                FieldPanel("state", help_text="Shown with the school and district on the story's card."),
            ],
            heading="Where",
        ),
        *HeroImageMixin.hero_panels,
        FieldPanel("conditions", widget=forms.CheckboxSelectMultiple),
        FieldPanel(
            "body",
            help_text="The story. Start sections with a Heading block (H2), not bold text, so readers "
            "and screen readers can find them.",
        ),
        *ReadingTimeMixin.reading_time_panels,
    ]
    edit_handler = editor_tabs(content_panels)
    card_template = "stories/components/story_card.html"
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("school", boost=2),
        index.SearchField("place_names"),
        index.AutocompleteField("school"),
        index.SearchField("body"),
        index.RelatedFields(
            "district",
            [
                index.SearchField("name", boost=2),
                index.SearchField("acronym", boost=2),
                index.SearchField("search_names"),
                index.AutocompleteField("name"),
                index.AutocompleteField("acronym"),
            ],
        ),
        index.RelatedFields("conditions", [index.SearchField("name")]),
        index.FilterField("conditions"),
        index.FilterField("state"),
    ]

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []
    page_type = PageType(
        icon="doc-full",
        search_slug="case-study",
        date_field="first_published_at",
        in_content_menu=True,
        conditions_field="conditions",
    )
    page_description = "A school story: how one school or district built collective leadership."

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    objects = PageManager.from_queryset(CaseStudyQuerySet)()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # filter(), not live(): in a preview the conditions are modelcluster's in-memory stand-in.
        context["conditions"] = list(self.conditions.filter(live=True))
        context["story_index"] = self.get_parent()
        context["related_stories"] = self.related_stories(context["conditions"])
        # A story that closes with its own call to action needs no second one from the site.
        context["has_call_to_action"] = any(block.block_type == "call_to_action" for block in self.body)
        return context

    def related_stories(self, conditions, limit=3):
        """The other stories sharing the most system conditions with this one, then the newest."""
        return list(
            with_card_images(
                CaseStudyPage.objects.sibling_of(self, inclusive=False)
                .live()
                .public()
                .select_related("district")
                .defer_streamfields()
            )
            .annotate(
                shared_conditions=models.Count(
                    "conditions", filter=models.Q(conditions__in=[condition.pk for condition in conditions])
                )
            )
            .order_by("-shared_conditions", "-first_published_at", "pk")[:limit]
        )

    def schema_org(self, request, context):
        return [seo.article(request, self, keywords=[condition.name for condition in context.get("conditions", [])])]

    @property
    def place_names(self):
        """The school's name run together ("walkergamble") and the state's name and code, for search."""
        return " ".join(filter(None, [joined_forms(self.school), state_names(self.state)]))

    @property
    def short_place(self):
        """The school (or district) and the state's code: a card's one-line kicker ("Walker-Gamble Elementary, SC")."""
        where = self.school or (self.district.name if self.district else "")
        return ", ".join(part for part in (where, self.state) if part)

    @property
    def place(self):
        return ", ".join(
            part
            for part in (self.school, self.district.name if self.district else "", self.get_state_display())
            if part
        )


class RoundtableIndexPage(SharePreviewMixin, Page):
    intro = RichTextField(features=BODY_RICH_TEXT_FEATURES, help_text="What the series explores and who takes part.")
    hashtag = models.CharField(max_length=40, blank=True, help_text="e.g. #CTQCollab, shown on every post.")
    series_footer = RichTextField(
        blank=True,
        features=BODY_RICH_TEXT_FEATURES,
        help_text="The 'part of the roundtable' note at the end of every post in the series.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hashtag"),
        FieldPanel(
            "series_footer",
            help_text="Shown at the end of every post, after a note of how many posts the series has and "
            "the months they span (worked out from the posts' dates): e.g. an invitation to join in.",
        ),
    ]
    edit_handler = editor_tabs(content_panels)
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.RoundtablePostPage"]
    max_count = 1
    page_type = PageType(icon="folder-open-inverse")
    page_description = "The roundtable blog series: its introduction and its posts, newest first."

    class Meta:
        verbose_name = "roundtable"
        verbose_name_plural = "roundtable"

    varies_on_query_params = ("page",)  # see StoryIndexPage

    def posts(self):
        posts = with_card_images(
            RoundtablePostPage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related("authors__person")
            .defer_streamfields()
            .order_by("-date", "-pk")
        )
        # Apps above this one add what the cards show of them, in the same query (comments: the count).
        for annotate in hooks.get_hooks("roundtable_post_listing"):
            posts = annotate(posts)
        return posts

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["posts"] = paginate(request, self.posts())
        return context


def month_span(first, last):
    if (first.year, first.month) == (last.year, last.month):
        return date_format(first, "F Y")
    if first.year == last.year:
        return f"{date_format(first, 'F')}–{date_format(last, 'F Y')}"
    return f"{date_format(first, 'F Y')}–{date_format(last, 'F Y')}"


class RoundtablePostTag(TaggedItemBase):
    content_object = ParentalKey("stories.RoundtablePostPage", on_delete=models.CASCADE, related_name="tagged_items")


class RoundtablePostPage(ReadingTimeMixin, SharePreviewMixin, ListingCardPreviewMixin, HeroImageMixin, Page):
    date = models.DateField("Post date")
    intro = models.TextField(max_length=600, help_text="A short opening, shown on the post's card and above the body.")
    body = StreamField(ArticleStreamBlock())
    tags = ClusterTaggableManager(through=RoundtablePostTag, blank=True)
    conditions = ParentalManyToManyField(
        SystemCondition,
        blank=True,
        related_name="roundtable_posts",
        help_text="The system conditions this post is about: the search page's condition filter finds it by them.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("date", help_text="Shown on the post; the roundtable lists posts newest first by this date."),
        InlinePanel("authors", label="Author", min_num=1, help_text="Add people under People in the menu."),
        FieldPanel("intro"),
        *HeroImageMixin.hero_panels,
        FieldPanel("body"),
        FieldPanel(
            "tags",
            help_text="A few topics, e.g. 'equity', listed under Topics on the post. Posts that share "
            "topics are suggested as related posts.",
        ),
        FieldPanel("conditions", widget=forms.CheckboxSelectMultiple),
        *ReadingTimeMixin.reading_time_panels,
    ]
    edit_handler = editor_tabs(content_panels)
    card_template = "stories/components/roundtable_card.html"
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        # Bylines go into the title vector (Person.title), so a person's name finds
        # their posts first on SQLite too, whose FTS5 index ignores field boosts.
        index.RelatedFields(
            "authors",
            [index.RelatedFields("person", [index.SearchField("title", boost=2), *Person.PAGE_SEARCH_FIELDS])],
        ),
        index.RelatedFields("tags", [index.SearchField("name")]),
        # The condition filter, not the text: a post's own words rank it for a condition's name.
        index.FilterField("conditions"),
        index.FilterField("date"),
    ]

    parent_page_types = ["stories.RoundtableIndexPage"]
    subpage_types = []
    page_type = PageType(
        icon="comment",
        search_slug="roundtable-post",
        date_field="date",
        in_content_menu=True,
        conditions_field="conditions",
    )
    page_description = "A roundtable blog post: an essay or interview in the series."

    class Meta:
        verbose_name = "roundtable post"
        verbose_name_plural = "roundtable posts"

    objects = PageManager.from_queryset(RoundtablePostQuerySet)()

    @property
    def author_names(self):
        """Uses prefetched authors in listings (``prefetch_related("authors__person")``)."""
        names = [author.person.name for author in self.authors.all()]
        return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""

    def siblings(self):
        return RoundtablePostPage.objects.sibling_of(self, inclusive=False).live().public().defer_streamfields()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = self.siblings()
        context["authors"] = [author.person for author in self.authors.select_related("person", "person__photo")]
        context["previous_post"] = (
            siblings.filter(models.Q(date__lt=self.date) | models.Q(date=self.date, pk__lt=self.pk))
            .order_by("-date", "-pk")
            .first()
        )
        context["next_post"] = (
            siblings.filter(models.Q(date__gt=self.date) | models.Q(date=self.date, pk__gt=self.pk))
            .order_by("date", "pk")
            .first()
        )
        context["tags"] = list(self.tags.all())
        context["related_posts"] = self.related_posts(siblings, context["tags"])
        context["series"] = self.get_parent().specific_deferred
        context["series_span"] = self.series_span(siblings)
        # Sections apps above this one add under the post (comments), each {"template": …} with its context.
        context["post_sections"] = [section(self, request) for section in hooks.get_hooks("roundtable_post_sections")]
        return context

    def series_span(self, siblings):
        """How many posts the series has published and the months they span ("March–April 2019"),
        for the note under each post: worked out, so it never goes stale as a typed one did."""
        dates = siblings.aggregate(first=Min("date"), last=Max("date"), count=Count("pk"))
        known = [day for day in (dates["first"], dates["last"], self.date if self.live else None) if day]
        count = dates["count"] + (1 if self.live else 0)
        return {"count": count, "months": month_span(min(known), max(known)) if known else ""}

    def schema_org(self, request, context):
        tags = [tag.name for tag in context.get("tags", [])]
        return [seo.article(request, self, published=self.date, authors=context.get("authors", []), keywords=tags)]

    def related_posts(self, siblings, tags, limit=3):
        """Posts sharing the most tags, then the newest."""
        tag_ids = [tag.pk for tag in tags]
        return list(
            siblings.annotate(
                shared_tags=models.Count("tagged_items", filter=models.Q(tagged_items__tag_id__in=tag_ids))
            ).order_by("-shared_tags", "-date")[:limit]
        )


class RoundtablePostAuthor(Orderable):
    page = ParentalKey(RoundtablePostPage, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roundtable_posts")

    panels = [FieldPanel("person")]


@receiver(page_published, sender=RoundtablePostPage)
def date_a_scheduled_post_on_its_go_live_day(sender, instance, revision, **kwargs):
    """A post going live for the first time on its go-live date is dated that day, if it was dated
    earlier (usually the day it was written): else it would be listed below posts older than it.
    The revision is changed too, so the editor sees the date the post shows."""
    post = instance
    # Wagtail sends the signal when a post is scheduled too, before it is live.
    if not (post.live and post.go_live_at) or post.first_published_at != post.last_published_at:
        return
    go_live_day = timezone.localdate(post.go_live_at)
    if post.date >= go_live_day:
        return
    post.date = go_live_day
    post.save(update_fields=["date"], clean=False)
    revision.content["date"] = go_live_day.isoformat()
    revision.save(update_fields=["content"])
