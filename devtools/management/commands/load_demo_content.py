"""Build (or bring up to date) the demo site described in devtools/demo/content.py.

New pages, snippets and images are made by their apps' factories from the demo's
values, so the demo, the bulk content and the tests share one way of making content.
Bringing existing objects up to date is this command's own small part: pages are
matched by their path below the home page, snippets and images by a natural key,
and nothing is saved unless it differs from what the data describes. Safe to run
repeatedly; ``--reset`` removes what the demo made first.
"""

import zoneinfo
from collections import Counter
from datetime import datetime, time, timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, Site

from core.models import SiteSettings
from devtools.demo import content
from devtools.demo.content import Ref, StartsIn
from devtools.demo.images import upsert_image
from devtools.factories import model_factories
from formpages.models import Submission
from home.models import HomePage
from search.models import SearchSynonym
from taxonomy.models import District, Person, SystemCondition
from webinars.models import WebinarSeries

# Page-spec keys that are instructions to the loader rather than model fields.
RESERVED_KEYS = ("path", "model", "create_only")

# How the report names each kind of object.
LABELS = {
    "image": "Images",
    "condition": "System conditions",
    "district": "Districts",
    "series": "Webinar series",
    "person": "People",
    "synonym": "Search synonyms",
    "promotion": "Search promotions",
    "page": "Pages",
    "settings": "Site settings",
    "submission": "Form submissions",
}

# kind -> (model, natural key field, data list); built in this order.
SNIPPETS = {
    "condition": (SystemCondition, "slug", content.CONDITIONS),
    "district": (District, "name", content.DISTRICTS),
    "series": (WebinarSeries, "slug", content.WEBINAR_SERIES),
    "person": (Person, "name", content.PEOPLE),
    "synonym": (SearchSynonym, "terms", content.SEARCH_SYNONYMS),
}


def parent_path(path):
    return path.rpartition("/")[0]


def slug_of(path):
    return path.rpartition("/")[2]


def page_refs(value):
    """Paths of every page a piece of data points at."""
    if isinstance(value, Ref):
        return {value.key} if value.kind == "page" else set()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return set().union(*(page_refs(item) for item in value))
    return set()


def build_order(specs):
    """Pages after their parents and after any page they link to; otherwise in the order given."""
    pending = {spec["path"]: spec for spec in specs}
    built = {""}  # the home page
    order = []
    while pending:
        ready = [path for path, spec in pending.items() if page_refs(spec) | {parent_path(path)} <= built]
        if not ready:
            raise CommandError(f"Pages that link in a circle (or to unknown pages): {', '.join(pending)}")
        for path in ready:
            order.append(pending.pop(path))
            built.add(path)
    return order


def strip_ids(data):
    """Stream data without block ids, which are new on every assignment."""
    if isinstance(data, dict):
        return {key: strip_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [strip_ids(item) for item in data]
    return data


def child_rows(field, rows):
    """Rows for a child relation, numbered when the children are orderable."""
    # Only the admin's inline forms number children; saved without a number
    # they would have no defined order.
    if issubclass(field.related_model, Orderable):
        return [{**row, "sort_order": position} for position, row in enumerate(rows)]
    return rows


def field_state(obj, name, spec_value):
    """A comparable form of one field, to tell whether applying the data changed anything."""
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if isinstance(field, StreamField):
        return strip_ids(field.stream_block.get_prep_value(value))
    if field.one_to_many:
        # Compare only the columns the data sets (not ids or derived names).
        keys = sorted({key for row in child_rows(field, spec_value) for key in row})
        return [[getattr(child, key) for key in keys] for child in value.all()]
    if field.many_to_many:
        return sorted(item.pk for item in value.all())
    return field.value_from_object(obj)


def model_value(model, name, value):
    """One field of the data as the model holds it: a validated stream, child objects for rows."""
    field = model._meta.get_field(name)
    if isinstance(field, StreamField):
        return clean_stream(field.stream_block, value, name)
    if field.one_to_many:
        return [field.related_model(**row) for row in child_rows(field, value)]
    return value


def model_values(model, fields):
    return {name: model_value(model, name, value) for name, value in fields.items()}


def apply_fields(obj, fields):
    for name, value in model_values(type(obj), fields).items():
        if obj._meta.get_field(name).many_to_many:
            getattr(obj, name).set(value)
        else:
            setattr(obj, name, value)


def apply_changes(obj, fields):
    """Set the fields on obj and say whether that changed anything."""
    before = {name: field_state(obj, name, value) for name, value in fields.items()}
    apply_fields(obj, fields)
    return before != {name: field_state(obj, name, value) for name, value in fields.items()}


def clean_stream(block, items, name):
    """Turn (name, value) pairs into a validated StreamValue with every default filled in."""
    # The round trip through the stored form fills in defaults, so the value
    # matches what a page read back from the database holds.
    value = block.to_python(block.get_prep_value(block.normalize(items)))
    try:
        return block.clean(value)
    except ValidationError as error:
        raise CommandError(f"Invalid demo data in '{name}': {error}") from error


class Command(BaseCommand):
    help = "Create or update the demo site: pages, people, conditions, images and settings. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete everything the demo created, then build it again."
        )

    def handle(self, *args, reset=False, verbosity=1, **options):
        self.verbosity = verbosity
        self.tally = Counter()
        self.objects = {}
        self.factories = model_factories()
        home = self.home_page()
        if reset:
            with transaction.atomic():
                self.reset(home)
            home = HomePage.objects.get(pk=home.pk)
        # Outside the transaction: each image row commits with its file, so a
        # failure later cannot roll back rows and leave their files behind.
        self.build_images()
        with transaction.atomic():
            self.build_snippets()
            self.build_pages(home)
            self.build_home(home)
            self.build_settings(Site.objects.get(root_page=home))
            self.build_promotions()
            self.build_submissions()
        self.report()

    def home_page(self):
        home = HomePage.objects.filter(depth=2).first()
        if home is None or not Site.objects.filter(root_page=home).exists():
            raise CommandError("No home page with a site: run 'python manage.py migrate' first.")
        return home

    # --- Reset ------------------------------------------------------------

    def reset(self, home):
        pages = home.get_descendants().count()
        for child in home.get_children():
            child.delete()  # treebeard removes the whole branch, form fields included
        for model, key, items in SNIPPETS.values():
            model.objects.filter(**{f"{key}__in": [item[key] for item in items]}).delete()
        get_image_model().objects.filter(title__in=[spec["title"] for spec in content.IMAGES]).delete()
        Query.objects.filter(query_string__in=[spec["query"] for spec in content.SEARCH_PROMOTIONS]).delete()
        tags = {tag for spec in content.PAGES for tag in spec.get("tags", [])}
        Tag.objects.filter(name__in=tags).delete()
        self.say(f"Reset: deleted {pages} pages and the demo snippets, images and tags.")

    # --- Images and snippets ----------------------------------------------

    def build_images(self):
        for spec in content.IMAGES:
            image, status = upsert_image(spec)
            self.remember("image", spec["title"], image, status)

    def build_snippets(self):
        for kind, (model, key, items) in SNIPPETS.items():
            for position, item in enumerate(items):
                values = self.resolve(item)
                if model is SystemCondition:
                    values["sort_order"] = position  # the playbook's order, not alphabetical
                obj, status = self.upsert(model, {key: values.pop(key)}, values)
                self.remember(kind, item[key], obj, status)

    def build_settings(self, site):
        settings = SiteSettings.for_site(site)
        changed = apply_changes(settings, self.resolve(content.SITE_SETTINGS))
        if changed:
            settings.full_clean()
            settings.save()
        self.tally["settings", "updated" if changed else "unchanged"] += 1

    def build_promotions(self):
        for spec in content.SEARCH_PROMOTIONS:
            values = self.resolve(spec)
            query = Query.get(values.pop("query"))
            _, status = self.upsert(SearchPromotion, {"query": query, "page": values.pop("page")}, values)
            self.tally["promotion", status] += 1

    def build_submissions(self):
        for spec in content.FORM_SUBMISSIONS:
            values = self.resolve(spec)
            _, status = self.upsert(Submission, {"duplicate_key": values.pop("duplicate_key")}, values)
            self.tally["submission", status] += 1

    def upsert(self, model, lookup, values):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = self.build(model, {**lookup, **values})
            status = "created"
        elif apply_changes(obj, values):
            status = "updated"
        else:
            return obj, "unchanged"
        obj.full_clean()
        obj.save()
        return obj, status

    def build(self, model, values):
        """An unsaved object from its app's factory, validated before it is saved."""
        values = model_values(model, values)
        if model not in self.factories:
            return model(**values)  # search's synonyms and promotions, and form submissions, have no factory
        return self.factories[model].build(**values)

    def remember(self, kind, key, obj, status):
        self.objects[kind, key] = obj
        self.tally[kind, status] += 1

    # --- Pages ---------------------------------------------------------------

    def build_pages(self, home):
        self.objects["page", ""] = home
        for spec in build_order(content.PAGES):
            parent = self.objects["page", parent_path(spec["path"])]
            page, status = self.upsert_page(parent, spec)
            self.remember("page", spec["path"], page, status)
        self.arrange_menus()

    def upsert_page(self, parent, spec):
        model = apps.get_model(spec["model"])
        slug = slug_of(spec["path"])
        fields = self.resolve({key: value for key, value in spec.items() if key not in RESERVED_KEYS})
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is not None:
            return page, self.update_page(page, fields)
        if Page.objects.child_of(parent).filter(slug=slug).exists():
            raise CommandError(f"/{spec['path']}/ exists but is not a {model.__name__}: rename it or use --reset.")
        values = model_values(model, {**fields, **self.resolve(spec.get("create_only", {}))})
        page = self.factories[model](parent=parent, slug=slug, **values)
        page.save_revision().publish()
        return page, "created"

    def update_page(self, page, fields):
        """Publish a new revision only when the data differs from the live page."""
        if not apply_changes(page, fields):
            return "unchanged"
        page.save_revision().publish()
        return "updated"

    def build_home(self, home):
        self.tally["page", self.update_page(home, self.resolve(content.HOME))] += 1

    def arrange_menus(self):
        """Put siblings in the order content.PAGES lists them (pages are built in link order)."""
        paths = [spec["path"] for spec in content.PAGES]
        for parent_key in {parent_path(path) for path in paths}:
            wanted = [slug_of(path) for path in paths if parent_path(path) == parent_key]
            # Fresh from the database: moves and additions leave cached tree fields stale.
            parent = Page.objects.get(pk=self.objects["page", parent_key].pk)
            current = [slug for slug in Page.objects.child_of(parent).values_list("slug", flat=True) if slug in wanted]
            if current != wanted:
                for slug in wanted:
                    Page.objects.child_of(parent).get(slug=slug).move(Page.objects.get(pk=parent.pk), pos="last-child")

    # --- References ----------------------------------------------------------

    def resolve(self, value):
        """The data with every Ref replaced by its object and every StartsIn by a datetime."""
        if isinstance(value, Ref):
            try:
                return self.objects[value.kind, value.key]
            except KeyError:
                raise CommandError(f"The demo data refers to an unknown {value.kind}: {value.key!r}") from None
        if isinstance(value, StartsIn):
            return starts_in(value)
        if isinstance(value, dict):
            return {key: self.resolve(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.resolve(item) for item in value)
        return value

    def say(self, message):
        if self.verbosity:
            self.stdout.write(message)

    def report(self):
        for kind, label in LABELS.items():
            counts = ", ".join(f"{self.tally[kind, status]} {status}" for status in ("created", "updated", "unchanged"))
            self.say(f"{label}: {counts}")
        made = sum(count for (kind, status), count in self.tally.items() if status != "unchanged")
        summary = f"{made} created or updated" if made else "nothing to change"
        self.say(self.style.SUCCESS(f"Demo content is ready ({summary})."))


def starts_in(spec):
    """A whole-hour start in the given zone, spec.days after today there."""
    zone = zoneinfo.ZoneInfo(spec.zone)
    day = timezone.now().astimezone(zone).date() + timedelta(days=spec.days)
    return datetime.combine(day, time(spec.hour), tzinfo=zone)
