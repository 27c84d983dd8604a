"""The site's shared vocabulary: what pages are about and who they are by.

Every section uses these; they use nothing of ours.
"""

import functools
import itertools
import re

from django.db import models
from django.utils.functional import lazy
from localflavor.us.models import USStateField
from localflavor.us.us_states import (
    ARMED_FORCES_STATES,
    CONTIGUOUS_STATES,
    NON_CONTIGUOUS_STATES,
    STATE_CHOICES,
    US_TERRITORIES,
)
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import DraftStateMixin, Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index

from .symbols import Symbol

NAME_PART = re.compile(r"[^\W_]+")
# USStateField's choices, unsorted: its STATE_CHOICES sorts ~60 lazily translated names on every use
# (20 ms, once per case study in each search's excerpts).
STATE_NAMES = dict(CONTIGUOUS_STATES + NON_CONTIGUOUS_STATES + US_TERRITORIES + ARMED_FORCES_STATES)


@functools.cache
def sorted_states():
    """localflavor's STATE_CHOICES, read (and so sorted) once rather than every time (the site is in
    English only, so one order serves every request)."""
    return tuple(STATE_CHOICES)


class StateField(USStateField):
    """A U.S. state as localflavor stores it, with its choices sorted once: a sign-up form read them
    twice, to draw the select and to validate it, sorting them each time (a tenth of a sign-up's time)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = lazy(sorted_states, tuple)()  # still lazy: read after the translations are ready

    def deconstruct(self):
        # Stored exactly as localflavor's field, so migrations see that field and nothing to change.
        name, _, args, kwargs = super().deconstruct()
        return name, "localflavor.us.models.USStateField", args, kwargs


def joined_forms(*names):
    """Each name's neighbouring words written as one, and the whole name as one word, as searchers
    type them: "Walker-Gamble Elementary" is also "walkergamble", "gambleelementary" and
    "walkergambleelementary"."""
    forms = []
    for name in names:
        words = NAME_PART.findall((name or "").lower())
        if len(words) > 1:
            forms += [a + b for a, b in itertools.pairwise(words)]
            if len(words) > 2:
                forms.append("".join(words))
    return " ".join(dict.fromkeys(forms))


def state_names(*codes):
    """A state's name and its postal code ("South Carolina SC"): searchers type either."""
    return " ".join(dict.fromkeys(f"{STATE_NAMES[code]} {code}" for code in codes if code in STATE_NAMES))


class Person(index.Indexed, models.Model):
    """Someone who writes, is interviewed, presents or is quoted."""

    name = models.CharField(max_length=120)
    role = models.CharField(max_length=200, blank=True, help_text="e.g. 'State Superintendent of Education'.")
    organisation = models.CharField(max_length=200, blank=True, help_text="Where they work, with the place.")
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    bio = models.TextField(blank=True, max_length=800, help_text="Two or three sentences, shown under their posts.")

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("role"),
        index.SearchField("organisation"),
        index.AutocompleteField("name"),
    ]
    # What a page indexes of its people, besides their name: searches for a role or an organisation
    # find the page, and the name completes in the search box's suggestions.
    PAGE_SEARCH_FIELDS = [index.SearchField("role"), index.SearchField("organisation"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    @property
    def title(self):
        """The name, under the field name the search backends put in a page's title vector."""
        return self.name

    @property
    def initials(self):
        """Shown in place of a photo: the first letters of the first and last words of the name ("LH")."""
        words = NAME_PART.findall(self.name)
        return "".join(word[0] for word in words[:1] + words[1:][-1:]).upper()

    @property
    def role_and_place(self):
        return ", ".join(part for part in (self.role, self.organisation) if part)


class District(index.Indexed, models.Model):
    """A school district or state agency that a case study belongs to."""

    name = models.CharField(max_length=160, unique=True)
    acronym = models.CharField(max_length=20, blank=True, help_text="e.g. PUSD. Searches for it find the district.")
    state = StateField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("acronym"), FieldPanel("state")]
    search_fields = [index.SearchField("name"), index.SearchField("acronym"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def search_names(self):
        """What searches for the district may type besides its name: its acronym, its name run
        together, its state."""
        return " ".join(filter(None, [self.acronym, joined_forms(self.name), state_names(self.state)]))


class SystemConditionQuerySet(models.QuerySet):
    def live(self):
        """What the site shows: a new condition appears once published, not when saved as a draft."""
        return self.filter(live=True)


class SystemCondition(DraftStateMixin, RevisionMixin, PreviewableMixin, index.Indexed, ClusterableModel):
    """One of the seven system conditions for effective collective leadership.

    Changes are drafts until a publisher publishes them, with revisions and a preview, as pages have:
    the conditions head the playbook, filter the stories and make up the self-assessment."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in addresses and filters.")
    short_description = models.TextField(max_length=400, help_text="One or two sentences for the playbook table.")
    symbol = models.CharField(
        max_length=20,
        choices=Symbol.choices,
        blank=True,
        help_text="Its colour and icon wherever it appears on the site; give each condition its own.",
    )
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("short_description"),
        FieldPanel("symbol"),
        InlinePanel(
            "statements",
            heading="Self-assessment statements",
            label="Statement",
            help_text="What a team rates from 'not yet' to 'established', in the order they are asked.",
        ),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("short_description"), index.AutocompleteField("name")]

    objects = SystemConditionQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]

    def get_preview_template(self, request, mode_name):
        return "taxonomy/system_condition_preview.html"

    def __str__(self):
        return self.name

    @property
    def title(self):
        """The name, under the field name the search backends put in a page's title vector."""
        return self.name

    def save(self, *args, **kwargs):
        # New conditions go to the end; editors reorder them in the snippet list.
        if self._state.adding and not self.sort_order:
            last = SystemCondition.objects.aggregate(last=models.Max("sort_order"))["last"]
            self.sort_order = 0 if last is None else last + 1
        super().save(*args, **kwargs)


class AssessmentStatement(Orderable):
    """One statement of the self-assessment, rated on the four-level rubric."""

    condition = ParentalKey(SystemCondition, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(
        max_length=240, help_text="A sentence a team can agree or disagree with, e.g. 'We revisit our goals each term.'"
    )

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text
