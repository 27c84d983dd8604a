"""Generate thousands of realistic pages below the demo site's sections, to measure search at scale.

    python manage.py generate_bulk_content --pages 10000 --seed 1
    python manage.py generate_bulk_content --delete

Pages are built by their apps' factories (``build()``: nothing saved), given
their place in the tree by treebeard (the path of a first child, then each
sibling's successor) and Wagtail (the URL path), and inserted many rows per
statement. ``add_child`` + ``save`` re-read the parent, update it and index the
page one at a time, which at 10,000 pages takes tens of minutes instead of
seconds. The search index is rebuilt once at the end.

Every generated page's slug starts with "bulk-" and every generated person's
organisation ends with "(bulk sample)", so ``--delete`` removes exactly them.
"""

import random
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, router, transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import capfirst, slugify
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from taggit.models import Tag
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.mixins import ReadingTimeMixin, count_words
from playbook.factories import StrategyGuidePageFactory
from playbook.models import PlaybookPage
from stories.factories import CaseStudyPageFactory, RoundtablePostPageFactory
from stories.models import RoundtableIndexPage, RoundtablePostAuthor, StoryIndexPage
from taxonomy.factories import PersonFactory
from taxonomy.models import District, Person, SystemCondition
from webinars.factories import WebinarPageFactory
from webinars.models import TIME_ZONE_CHOICES, WebinarIndexPage, WebinarPresenter, WebinarSeries

BULK_SLUG_PREFIX = "bulk-"
BULK_PERSON_MARKER = " (bulk sample)"
PEOPLE = 200
CHUNK_SIZE = 500  # pages built and inserted together: bounds memory, paces the progress bar
DELETE_BATCH = 1000
BODY_WORDS = (150, 1200)
TITLE_WORDS = (4, 9)

# --- Vocabulary ----------------------------------------------------------------
# No apostrophes or quotation marks: the text goes into rich text unescaped.

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Carmen",
    "Darius",
    "Elena",
    "Farah",
    "Gabriel",
    "Hana",
    "Isaac",
    "Jasmine",
    "Kofi",
    "Lucia",
    "Marcus",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Samuel",
    "Tamika",
    "Umar",
    "Valeria",
    "Wesley",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Andre",
    "Beatriz",
    "Caleb",
    "Deja",
    "Emeka",
    "Fiona",
    "Grace",
    "Hector",
    "Imani",
    "Jamal",
    "Keiko",
    "Leon",
    "Maya",
    "Nikhil",
]
LAST_NAMES = [
    "Abernathy",
    "Baptiste",
    "Castillo",
    "Delgado",
    "Eriksen",
    "Fontaine",
    "Gutierrez",
    "Hoang",
    "Iwu",
    "Jefferson",
    "Kowalski",
    "Lindqvist",
    "Mbeki",
    "Nakamura",
    "Okafor",
    "Patel",
    "Quinlan",
    "Ramirez",
    "Sorensen",
    "Thibodeaux",
    "Underwood",
    "Vasquez",
    "Whitfield",
    "Xu",
    "Yamamoto",
    "Zielinski",
    "Adeyemi",
    "Brennan",
    "Chowdhury",
    "Dubois",
    "Estrada",
    "Friedman",
    "Gallagher",
    "Haddad",
    "Ibarra",
    "Jovanovic",
    "Kwan",
    "Lombardi",
    "Moreno",
    "Nguyen",
]
ROLES = [
    "Teacher leader",
    "Principal",
    "Assistant principal",
    "Instructional coach",
    "Superintendent",
    "Chief academic officer",
    "Fifth grade teacher",
    "Math department chair",
    "School counselor",
    "Director of professional learning",
    "Union president",
    "Education researcher",
]
PLACES = """Maple Grove|Cedar Ridge|Riverside|Oak Hollow|Lakeview|Pine Crest|Willow Creek|Harbor View|Sunset Valley|
Eastside|Highland Park|Brookfield|Fairview|Granite Falls|Mesa Verde|Bayshore|Northgate|Silver Lake|Prairie Wind|
Magnolia""".replace("\n", "").split("|")
SCHOOL_KINDS = ["Elementary", "Middle School", "High School", "Academy", "K-8 School", "Early Learning Center"]
STATES = ["CA", "SC", "NY", "TX", "IL", "NC", "WA", "CO", "OH", "GA", "MI", "KY"]

OPENERS = [
    "",
    "",
    "",
    "In the first year, ",
    "Over time, ",
    "As a result, ",
    "By spring, ",
    "At first, ",
    "With coaching support, ",
    "Looking back, ",
    "Each month, ",
    "Two years later, ",
]
SUBJECTS = [
    "teacher leaders",
    "the leadership team",
    "the principal",
    "grade level teams",
    "district staff",
    "instructional coaches",
    "families",
    "students",
    "new teachers",
    "the school board",
    "department chairs",
    "union leaders",
    "the design team",
    "every staff member",
    "the superintendent",
    "paraprofessionals",
]
VERBS = [
    "built",
    "shared",
    "revisited",
    "piloted",
    "measured",
    "strengthened",
    "redesigned",
    "reviewed",
    "expanded",
    "questioned",
    "protected",
    "celebrated",
    "studied",
    "drafted",
    "led",
    "rethought",
]
# What a page is about: each page draws most of its objects from two themes, so a
# word like "coaching" is on a fraction of pages, as on a real site, not on all.
THEMES = {
    "trust": [
        "a culture of trust",
        "relational trust among staff",
        "honest feedback",
        "norms for hard conversations",
        "team agreements",
        "vulnerability in meetings",
    ],
    "time": [
        "the master schedule",
        "common planning time",
        "protected collaboration time",
        "the bell schedule",
        "early release days",
        "substitute coverage",
    ],
    "coaching": [
        "peer coaching cycles",
        "the coaching model",
        "feedback conversations",
        "coaching logs",
        "lesson study",
        "peer observation cycles",
    ],
    "literacy": [
        "literacy instruction",
        "the reading curriculum",
        "phonics lessons",
        "writing workshops",
        "book clubs for students",
        "reading intervention",
    ],
    "math": [
        "math modeling lessons",
        "number talks",
        "the algebra pathway",
        "math intervention blocks",
        "problem solving routines",
        "common assessments in math",
    ],
    "families": [
        "the family engagement strategy",
        "home visits",
        "parent conferences",
        "family nights",
        "translated newsletters",
        "the parent advisory council",
    ],
    "data": [
        "data conversations",
        "student work samples",
        "formative assessment results",
        "attendance data",
        "climate survey results",
        "improvement cycles",
    ],
    "people": [
        "mentoring for new teachers",
        "induction seminars",
        "classroom walkthroughs",
        "the hiring process",
        "teacher retention",
        "career pathways for teachers",
    ],
    "budget": [
        "the budget process",
        "grant funding",
        "staffing decisions",
        "resource allocation",
        "stipends for teacher leaders",
        "the facilities plan",
    ],
    "equity": [
        "equitable grading",
        "restorative practices",
        "culturally responsive teaching",
        "access to advanced courses",
        "discipline data",
        "student voice",
    ],
    "vision": [
        "a common vision for learning",
        "a theory of action",
        "the school improvement plan",
        "the mission statement",
        "shared goals",
        "norms for shared decisions",
    ],
    "policy": [
        "state policy",
        "teacher evaluation",
        "the union contract",
        "board policy",
        "accountability reports",
        "the district strategic plan",
    ],
}
ALL_OBJECTS = [item for items in THEMES.values() for item in items]
OFF_THEME = 0.1  # share of sentences about something outside the page's themes
QUALIFIERS = [
    "across every grade",
    "during the first semester",
    "with support from the central office",
    "so that every voice was heard",
    "after a year of planning",
    "in weekly team meetings",
    "without adding new meetings",
    "using feedback from students",
    "alongside families and partners",
    "before scaling to other schools",
    "through shared leadership roles",
    "to improve student outcomes",
    "with the help of a university partner",
    "as confidence grew",
    "",
]
INSIGHTS = [
    "leadership is a team sport",
    "relationships come before structure",
    "teachers are ready to lead",
    "small wins build momentum",
    "students notice when adults collaborate",
    "shared influence changes the conversation",
    "improvement needs protected time",
]
GERUNDS = [
    "Building",
    "Sharing",
    "Sustaining",
    "Rethinking",
    "Growing",
    "Designing",
    "Strengthening",
    "Leading",
    "Scaling",
    "Measuring",
]
TOPICS = [
    "collective leadership",
    "teacher voice",
    "shared decision making",
    "instructional leadership teams",
    "professional learning communities",
    "peer coaching",
    "family partnerships",
    "school improvement",
    "teacher retention",
    "equitable instruction",
    "a shared vision",
]
AUDIENCES = [
    "new principals",
    "teacher leaders",
    "district leaders",
    "rural schools",
    "school boards",
    "first year teachers",
    "union partners",
]
TITLE_PATTERNS = [
    "{gerund} {topic} at {school}",
    "How {subject} {verb} {object}",
    "{Topic}: lessons from {place}",
    "Why {topic} matters for {audience}",
    "What {school} learned about {topic}",
    "{gerund} {topic} in {place} schools",
    "{gerund} {topic} with {audience}",
]
HEADINGS = [
    "The context",
    "Where we started",
    "What changed",
    "Getting started",
    "Next steps",
    "Lessons learned",
    "Measuring progress",
    "The role of the principal",
    "Making time",
    "Sharing the work",
    "What we would do differently",
    "Listening to students",
    "Working with the union",
]
QUESTION_STARTS = ["How might", "How could", "Where could", "When should", "Why do"]
TASK_VERBS = ["Name", "Map", "Schedule", "Review", "Agree on", "Protect", "Invite feedback on", "Share"]


class Writer:
    """Plausible prose about school leadership from the vocabulary above; repeatable for a seed."""

    def __init__(self, rng):
        self.rng = rng
        self.objects = ALL_OBJECTS

    def focus(self):
        """Start a new page: pick the two themes most of its sentences are about."""
        self.objects = [item for theme in self.rng.sample(sorted(THEMES), 2) for item in THEMES[theme]]

    def thing(self):
        return self.pick(ALL_OBJECTS if self.rng.random() < OFF_THEME else self.objects)

    def pick(self, words):
        return self.rng.choice(words)

    def school(self):
        return f"{self.pick(PLACES)} {self.pick(SCHOOL_KINDS)}"

    def sentence(self, speakers=()):
        if speakers and self.rng.random() < 0.1:
            return f"{self.pick(speakers)} said that {self.pick(INSIGHTS)}."
        clause = f"{self.pick(SUBJECTS)} {self.pick(VERBS)} {self.thing()} {self.pick(QUALIFIERS)}".strip()
        return capfirst(f"{self.pick(OPENERS)}{clause}.")

    def paragraph(self, sentences=(3, 6), speakers=()):
        return " ".join(self.sentence(speakers) for _ in range(self.rng.randint(*sentences)))

    def summary(self, limit, sentences=2):
        """A few sentences, fewer if they would not fit in limit characters."""
        text = self.sentence()
        for _ in range(sentences - 1):
            longer = f"{text} {self.sentence()}"
            text = longer if len(longer) <= limit else text
        return text[:limit]

    def prose(self, speakers=()):
        """Paragraphs adding up to a body length drawn from BODY_WORDS."""
        target, paragraphs, words = self.rng.randint(*BODY_WORDS), [], 0
        while words < target:
            paragraphs.append(self.paragraph(speakers=speakers))
            words += count_words(paragraphs[-1])
        return paragraphs

    def title(self):
        while True:
            topic = self.pick(TOPICS)
            title = self.pick(TITLE_PATTERNS).format(
                gerund=self.pick(GERUNDS),
                topic=topic,
                Topic=capfirst(topic),
                school=self.school(),
                place=self.pick(PLACES),
                subject=self.pick(SUBJECTS),
                verb=self.pick(VERBS),
                object=self.thing(),
                audience=self.pick(AUDIENCES),
            )
            if TITLE_WORDS[0] <= len(title.split()) <= TITLE_WORDS[1]:
                return capfirst(title)

    def question(self):
        return f"{self.pick(QUESTION_STARTS)} {self.pick(SUBJECTS)} rethink {self.thing()}?"

    def task(self):
        return f"<p>{self.pick(TASK_VERBS)} {self.thing()} {self.pick(QUALIFIERS)}.</p>".replace(" .", ".")


def html(paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def block(kind, value):
    return {"type": kind, "value": value}


# --- Pages ---------------------------------------------------------------------


@dataclass
class Sources:
    """Existing objects generated pages point at."""

    people: list
    conditions: list
    districts: list
    tags: list
    series: list


class PageBuilder:
    """Unsaved pages of each kind, built by their factories with every field and child row filled in."""

    def __init__(self, writer, sources, now):
        self.writer, self.rng, self.sources, self.now = writer, writer.rng, sources, now

    def published(self, first=None):
        """Live, first published at first (some time in the last six years by default), maybe edited since."""
        first = first or self.now - timedelta(days=self.rng.uniform(1, 6 * 365))
        edited = first + timedelta(days=self.rng.uniform(0, 120)) if self.rng.random() < 0.3 else first
        last = min(edited, self.now)
        return {
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": first,
            "last_published_at": last,
            "latest_revision_created_at": last,
        }

    def build(self, kind):
        self.writer.focus()
        return getattr(self, kind.build)()

    def page(self, factory, published=None, **fields):
        title = self.writer.title()
        page = factory.build(title=title, draft_title=title, **self.published(published), **fields)
        # What save() would work out; generated pages are never saved one by one.
        if isinstance(page, ReadingTimeMixin):
            page.update_reading_time()
        return page

    def case_study(self):
        district = self.pick_some(self.sources.districts, 0.5)
        return self.page(
            CaseStudyPageFactory,
            summary=self.writer.summary(400),
            school=self.writer.school() if self.rng.random() < 0.7 else "",
            district=district,
            state=district.state if district and district.state else self.writer.pick(STATES),
            body=self.article(self.writer.prose(), self.quote),
            conditions=self.some(self.sources.conditions, 1, 3),
        )

    def roundtable_post(self):
        authors = self.some(self.sources.people, 1, 2)
        tags = self.some(self.sources.tags, 0, 3)
        prose = self.writer.prose(speakers=[person.name for person in authors])
        page = self.page(
            RoundtablePostPageFactory,
            intro=self.writer.summary(600, sentences=3),
            body=self.article(prose, self.interview_question),
            authors=[RoundtablePostAuthor(person=person, sort_order=i) for i, person in enumerate(authors)],
            tags=tags,
        )
        page.date = timezone.localdate(page.first_published_at)
        return page

    def strategy_guide(self):
        prose = self.writer.prose()
        count = self.rng.randint(2, 3)
        sections = [self.guide_section(prose[i::count]) for i in range(count)]
        return self.page(
            StrategyGuidePageFactory,
            condition=self.writer.pick(self.sources.conditions),
            intro=self.writer.summary(600, sentences=3),
            sections=sections,
        )

    def webinar(self):
        # About a quarter are still to come, so both the upcoming list and the recordings fill up.
        start = (self.now + timedelta(days=self.rng.uniform(-730, 240))).replace(minute=0, second=0, microsecond=0)
        published = min(start - timedelta(days=self.rng.uniform(14, 60)), self.now - timedelta(hours=1))
        duration = self.writer.pick([45, 60, 60, 90])
        presenters = self.some(self.sources.people, 1, 2)
        page = self.page(
            WebinarPageFactory,
            series=self.pick_some(self.sources.series, 0.5),
            start=start,
            time_zone=self.writer.pick(TIME_ZONE_CHOICES)[0],
            duration_minutes=duration,
            summary=self.writer.summary(400),
            description=html(self.writer.prose(speakers=[person.name for person in presenters])),
            presenters=[WebinarPresenter(person=person, sort_order=i) for i, person in enumerate(presenters)],
            published=published,
        )
        page.update_end()  # as WebinarPage.save does
        return page

    def pick_some(self, items, chance):
        """One of items, or None (1 - chance of the time)."""
        return self.writer.pick(items) if items and self.rng.random() < chance else None

    def some(self, items, fewest, most):
        """Between fewest and most different items (fewer if there are not that many)."""
        return self.rng.sample(items, k=min(len(items), self.rng.randint(fewest, most)))

    def article(self, paragraphs, aside):
        """Stream data: a heading every few paragraphs, now and then an aside block."""
        blocks = []
        for position, text in enumerate(paragraphs):
            if position % 4 == 0:
                blocks.append(block("heading", {"text": self.writer.pick(HEADINGS), "level": "h2", "anchor": ""}))
            if self.rng.random() < 0.15:
                blocks.append(aside(text))
            else:
                blocks.append(block("paragraph", f"<p>{text}</p>"))
        return blocks

    def quote(self, text):
        person = self.writer.pick(self.sources.people)
        return block(
            "quote", {"quote": text.split(". ")[0] + ".", "attribution": person.name, "role": person.role_and_place}
        )

    def interview_question(self, answer):
        return block("question_answer", {"question": self.writer.question(), "answer": f"<p>{answer}</p>"})

    def guide_section(self, paragraphs):
        return block(
            "section",
            {
                "title": self.writer.pick(HEADINGS),
                "introduction": html(paragraphs[:1]),
                "goal": f"Agree on {self.writer.thing()}",
                "goal_detail": html(paragraphs[1:]),
                "big_questions": [self.writer.question() for _ in range(self.rng.randint(1, 3))],
                "important_tasks": [self.writer.task() for _ in range(self.rng.randint(1, 3))],
                "graphic_organizer": dict.fromkeys(("prompt", "think", "see", "say", "hear", "feel"), ""),
                "connect": {"message": "", "link_label": "Connect with our team", "page": None},
            },
        )


@dataclass(frozen=True)
class Kind:
    label: str
    factory: type
    parent_model: type
    share: float
    build: str  # the PageBuilder method

    @property
    def model(self):
        return self.factory._meta.model


KINDS = [
    Kind("case studies", CaseStudyPageFactory, StoryIndexPage, 0.40, "case_study"),
    Kind("roundtable posts", RoundtablePostPageFactory, RoundtableIndexPage, 0.30, "roundtable_post"),
    Kind("strategy guides", StrategyGuidePageFactory, PlaybookPage, 0.15, "strategy_guide"),
    Kind("webinars", WebinarPageFactory, WebinarIndexPage, 0.15, "webinar"),
]


def split(total, kinds):
    """Whole counts in proportion to each kind's share that add up to total (largest remainder)."""
    exact = [total * kind.share for kind in kinds]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(len(kinds)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


# --- Writing to the database ---------------------------------------------------------


class TreeAppender:
    """Places new last children under one parent where add_child would, without a query per page."""

    def __init__(self, parent):
        self.parent = parent
        self.last = parent.get_last_child()
        self.number = parent.numchild

    def place(self, page):
        # treebeard's own steps, as its add_child takes them: a first child's path, then the last one's successor.
        page.path = self.last._inc_path() if self.last else Page._get_path(self.parent.path, self.parent.depth + 1, 1)
        page.depth = self.parent.depth + 1
        page.numchild = 0
        self.last = page
        # The number keeps slugs unique among siblings even when titles repeat.
        self.number += 1
        page.slug = f"{BULK_SLUG_PREFIX}{slugify(page.title)}-{self.number}"
        page.set_url_path(self.parent)
        page.locale_id = self.parent.locale_id

    def finish(self):
        Page.objects.filter(pk=self.parent.pk).update(numchild=Page.objects.child_of(self.parent).count())


def remove_references(queryset):
    """Delete the reference index rows from and to every object in queryset."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    ids = queryset.annotate(text_pk=Cast("pk", CharField())).values("text_pk")
    ReferenceIndex.objects.filter(
        Q(base_content_type=content_type, object_id__in=ids) | Q(to_content_type=content_type, to_object_id__in=ids)
    ).delete()


def insert_rows(model, objs, fields, returning=False):
    """INSERT objs' values for fields into model's own table, many rows per statement."""
    db = connections[router.db_for_write(model)]
    size = max(1, db.ops.bulk_batch_size(fields, objs))
    returning_fields = [model._meta.pk] if returning else None
    rows = []
    for start in range(0, len(objs), size):
        batch = objs[start : start + size]
        # _insert is what bulk_create and Model.save use underneath, one table at a time.
        inserted = model._base_manager._insert(batch, fields=fields, returning_fields=returning_fields, using=db.alias)
        rows += inserted or []
    return rows


def built_children(pages):
    """The child rows (authors, presenters, tags) and many-to-many rows the factories built into each page."""
    rows = defaultdict(list)
    for page in pages:
        for relation in get_all_child_relations(page):
            rows[relation.related_model] += getattr(page, relation.get_accessor_name()).all()
        for field in get_all_child_m2m_relations(page):
            through = field.remote_field.through
            rows[through] += [
                through(**{field.m2m_field_name(): page, field.m2m_reverse_field_name(): target})
                for target in getattr(page, field.name).all()
            ]
    return rows


def insert_pages(model, pages):
    """Save pages of one specific model: the Page rows, then the model's own rows, as Model.save does."""
    # bulk_create refuses multi-table inheritance, so each table gets its own INSERTs.
    if model._meta.get_parent_list() != [Page]:
        raise CommandError(f"{model.__name__} must inherit directly from Page to be bulk inserted.")
    base_fields = [field for field in Page._meta.local_concrete_fields if not field.primary_key]
    for page, (pk,) in zip(pages, insert_rows(Page, pages, base_fields, returning=True), strict=True):
        page.id = page.pk = pk
    insert_rows(model, pages, model._meta.local_concrete_fields)


def refresh_planner_statistics():
    # After a bulk load PostgreSQL plans with stale row counts until autovacuum's
    # next pass, which made full-text counts 2x slower in the benchmark: measure
    # the steady state a live site is in. SQLite keeps no statistics unless asked.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Progress:
    """A one-line progress bar redrawn with a carriage return."""

    WIDTH = 40

    def __init__(self, out, total, enabled=True):
        self.out, self.total, self.enabled, self.done = out, total, enabled, 0

    def advance(self, count):
        self.done += count
        if self.enabled:
            filled = self.WIDTH * self.done // max(self.total, 1)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self.out.write(f"\r[{bar}] {self.done:,}/{self.total:,} pages", ending="")
            self.out.flush()

    def close(self):
        if self.enabled:
            self.out.write("")


class Command(BaseCommand):
    help = "Generate pages and people below the demo site's sections (or --delete them) and rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=10_000, help="How many pages to generate (default 10000).")
        parser.add_argument("--seed", type=int, default=1, help="Seed for the generated text (default 1).")
        parser.add_argument(
            "--delete", action="store_true", help="Delete every generated page and person instead of generating."
        )

    def handle(self, *args, pages, seed, delete, verbosity=1, **options):
        self.verbosity = verbosity
        parents = self.section_pages()
        if delete:
            self.delete(parents)
            return
        if pages < 1:
            raise CommandError("--pages must be at least 1.")
        started = time.perf_counter()
        with transaction.atomic():
            counts = self.generate(parents, pages, random.Random(seed))
        summary = ", ".join(f"{count:,} {kind.label}" for kind, count in counts.items())
        self.say(self.style.SUCCESS(f"Generated {pages:,} pages ({summary}) in {time.perf_counter() - started:.1f} s."))
        self.rebuild_index()
        refresh_planner_statistics()

    def section_pages(self):
        parents = {}
        for kind in KINDS:
            parents[kind.parent_model] = kind.parent_model.objects.order_by("path").first()
            if parents[kind.parent_model] is None:
                raise CommandError(
                    f"No {kind.parent_model._meta.verbose_name} to put {kind.label} under: "
                    "run 'python manage.py load_demo_content' first."
                )
        return parents

    def generate(self, parents, total, rng):
        writer = Writer(rng)
        sources = Sources(
            people=self.bulk_people(writer),
            conditions=list(SystemCondition.objects.all()),
            districts=list(District.objects.all()),
            tags=list(Tag.objects.order_by("name")),
            series=list(WebinarSeries.objects.all()),
        )
        if not sources.conditions:
            raise CommandError("No system conditions: run 'python manage.py load_demo_content' first.")
        builder = PageBuilder(writer, sources, timezone.now())
        progress = Progress(self.stdout, total, enabled=self.verbosity > 0)
        counts = dict(zip(KINDS, split(total, KINDS), strict=True))
        for kind, count in counts.items():
            tree = TreeAppender(parents[kind.parent_model])
            for start in range(0, count, CHUNK_SIZE):
                self.add_pages(kind, tree, builder, min(CHUNK_SIZE, count - start))
                progress.advance(min(CHUNK_SIZE, count - start))
            tree.finish()
        progress.close()
        return counts

    def add_pages(self, kind, tree, builder, count):
        pages = [builder.build(kind) for _ in range(count)]
        for page in pages:
            tree.place(page)
        # Read before the pages have ids: until then the built rows are all there is to read.
        children = built_children(pages)
        insert_pages(kind.model, pages)
        for model, rows in children.items():
            model.objects.bulk_create(rows)  # each row's page id is filled in from its now-saved page

    def bulk_people(self, writer):
        """The generated people, made on the first run and reused after, so bylines stay stable."""
        existing = list(Person.objects.filter(organisation__endswith=BULK_PERSON_MARKER))
        if existing:
            return existing
        names = writer.rng.sample([f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES], PEOPLE)
        people = [
            PersonFactory.build(
                name=name,
                role=writer.pick(ROLES),
                organisation=f"{writer.school()}{BULK_PERSON_MARKER}",
                bio=writer.paragraph(sentences=(2, 3)),
            )
            for name in names
        ]
        return Person.objects.bulk_create(people)

    def delete(self, parents):
        started = time.perf_counter()
        in_sections = reduce(or_, (Q(path__startswith=p.path, depth=p.depth + 1) for p in parents.values()))
        pages = Page.objects.filter(in_sections, slug__startswith=BULK_SLUG_PREFIX)
        people = Person.objects.filter(organisation__endswith=BULK_PERSON_MARKER)
        page_count, people_count = pages.count(), people.count()
        progress = Progress(self.stdout, page_count, enabled=self.verbosity > 0 and page_count > 0)
        # Per-object signal handlers dominate a bulk delete: the reference index
        # is cleaned up here in two statements, and unpublishing in one UPDATE
        # (otherwise each live page is unpublished in turn before it goes).
        with transaction.atomic(), disable_reference_index_auto_update():
            remove_references(pages)
            remove_references(people)
            pages.update(live=False)
            # Batches keep the pk IN (...) lists well inside SQLite's variable limit.
            while batch := list(pages.values_list("pk", flat=True)[:DELETE_BATCH]):
                Page.objects.filter(pk__in=batch).delete()
                progress.advance(len(batch))
            progress.close()
            people.delete()
        elapsed = time.perf_counter() - started
        self.say(self.style.SUCCESS(f"Deleted {page_count:,} pages and {people_count:,} people in {elapsed:.1f} s."))

    def rebuild_index(self):
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        self.say(self.style.SUCCESS(f"Rebuilt the search index in {time.perf_counter() - started:.1f} s."))

    def say(self, message):
        if self.verbosity:
            self.stdout.write(message)
