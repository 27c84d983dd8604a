"""How every page's editor is laid out: the same three tabs on every page type, and slugs that
never leave an editor stuck."""

from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.models import Page

from .seo import DESCRIPTION_LENGTH, TITLE_LENGTH

# The fields that count their characters as the editor types (core/static/core/character_count.js),
# with the length search engines show: the figure the counter compares against.
COUNTED_FIELDS = {"title": TITLE_LENGTH, "seo_title": TITLE_LENGTH, "search_description": DESCRIPTION_LENGTH}

# Wagtail's promote panels, with help that says where each value shows.
PROMOTION_PANELS = [
    MultiFieldPanel(
        [
            FieldPanel("slug"),
            FieldPanel(
                "seo_title",
                help_text="Leave blank to use the page title. Shown as the headline in search engines' results, "
                "which show about 60 characters, the site's name included. The Search result preview shows it.",
            ),
            FieldPanel(
                "search_description",
                help_text="One or two sentences, up to 160 characters, shown under the headline in search "
                "engines' results and when the page is shared. Leave blank to use the summary or introduction.",
            ),
        ],
        heading="For search engines and sharing",
    ),
    MultiFieldPanel(
        [
            FieldPanel(
                "show_in_menus",
                help_text="Tick to list this page in the main menu; only pages directly under the home page appear there.",
            )
        ],
        heading="For site menus",
    ),
]


class FreeSlugFormMixin:
    """A new page whose slug came from its title gets the next free one ("-2", "-3"...) when a
    sibling has it already (often the draft autosave made before the tab was closed); a slug typed
    by hand that is taken is named in the message at the top, not only on the Promotion tab.

    The page remembers the sibling in ``slug_taken_by``, for the message after it is created
    (editorial's after_create_page hook)."""

    def clean(self):
        slug = self.cleaned_data.get("slug")
        if slug and self.parent_page and not Page._slug_is_available(slug, self.parent_page, self.instance):
            sibling = self.parent_page.get_children().filter(slug=slug).first()
            if self.instance._state.adding and as_slug(slug) == as_slug(self.cleaned_data.get("title", "")):
                self.cleaned_data["slug"] = self.free_slug(slug)
                self.instance.slug_taken_by = sibling
            else:
                self.add_error(
                    None,
                    f"Another page here, “{sibling.title}”, already has the address “{slug}”. "
                    "Change the slug on the Promotion and SEO tab.",
                )
        return super().clean()

    def free_slug(self, slug):
        suffix = 2
        while not Page._slug_is_available(f"{slug}-{suffix}", self.parent_page, self.instance):
            suffix += 1
        return f"{slug}-{suffix}"


def as_slug(text):
    """The slug the editor's title field fills in, as Django spells it (Wagtail's script is close enough)."""
    return slugify(text, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True))


class CharacterCountFormMixin:
    """Counters under the title, SEO title and search description: Wagtail counts characters only
    in rich text, so these inputs get our small "character-count" controller."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in COUNTED_FIELDS.items():
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                # Joined with the controllers and actions Wagtail puts there (w-sync, w-autosize).
                for attr, value in (("data-controller", "character-count"), ("data-action", "character-count#update")):
                    attrs[attr] = " ".join(filter(None, [attrs.get(attr), value]))
                attrs["data-character-count-limit-value"] = limit
        if "title" in self.fields:
            self.fields["title"].help_text = (
                "Search results show about 60 characters of the title, the site's name included; "
                "an SEO title (Promotion and SEO tab) takes its place there."
            )


@cache
def editor_form(form_class):
    """The page type's form with FreeSlugFormMixin and CharacterCountFormMixin."""
    if issubclass(form_class, FreeSlugFormMixin):
        return form_class
    return type(
        form_class.__name__,
        (FreeSlugFormMixin, CharacterCountFormMixin, form_class),
        {"__module__": form_class.__module__},
    )


class EditorTabs(TabbedInterface):
    """Each page type's own form (e.g. the webinar's, the form builder's), through editor_form."""

    def get_form_class(self):
        self.base_form_class = editor_form(
            self.base_form_class or getattr(self.model, "base_form_class", WagtailAdminPageForm)
        )
        return super().get_form_class()


def editor_tabs(content_panels, *extra_tabs, promotion_panels=PROMOTION_PANELS, settings_panels=Page.settings_panels):
    """Content, any tabs of the page type's own (an ObjectList each), Promotion and SEO, Settings
    (go-live and expiry dates, privacy, comments)."""
    return EditorTabs(
        [
            ObjectList(content_panels, heading="Content"),
            *extra_tabs,
            ObjectList(promotion_panels, heading="Promotion and SEO"),
            ObjectList(settings_panels, heading="Settings"),
        ]
    )


class CappedFormSet(BaseChildFormSet):
    """Counts the rows that stay: not removed, not added and left empty."""

    too_many = ""

    def clean(self):
        kept = [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed()) and not self._should_delete_form(form)
        ]
        if len(kept) > self.max_num:
            raise ValidationError(self.too_many)


class CappedInlinePanel(InlinePanel):
    """An InlinePanel whose limit says only that: Django's own check counts the rows an editor
    removed whenever another row has an error, and so answered "Please submit at most 3 forms" next
    to "This field is required" after a story was swapped for another."""

    def __init__(self, relation_name, *, max_num, too_many, **kwargs):
        super().__init__(relation_name, max_num=max_num, **kwargs)
        self.too_many = too_many

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "too_many": self.too_many}

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["validate_max"] = False  # CappedFormSet checks it
        formset["formset"] = type("CappedFormSet", (CappedFormSet,), {"too_many": self.too_many})
        return options
