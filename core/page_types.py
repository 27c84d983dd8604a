"""What a page type says about itself, declared on the model; the site discovers the types.

A page model declares ``page_type = PageType(...)``; search filters, the admin's Content menu and
the tests find every type through ``page_types()`` (Wagtail's ``get_page_models()``), so adding a
page type touches only its own app.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from wagtail.models import get_page_models


@dataclass(frozen=True)
class PageType:
    """Its label and plural are the model's verbose names, so the admin and the site say the same."""

    icon: str = "doc-empty"
    # The ?type= value of the search filter; empty: search leaves this type out.
    search_slug: str = ""
    # The date shown with the page in search results and listings.
    date_field: str = "last_published_at"
    # Listed under Content in the admin: types editors add again and again.
    in_content_menu: bool = False
    # The field (foreign key or many-to-many) naming the system conditions a page is about: the search filter.
    conditions_field: str = ""
    # Set by __set_name__: the model whose class body declares it (and what tells two types apart).
    model: type = field(default=None)

    def __set_name__(self, owner, name):
        object.__setattr__(self, "model", owner)

    @property
    def label(self):
        """One page, e.g. "Case study" (search results): the model's verbose_name, as Wagtail shows it."""
        return capfirst(self.model._meta.verbose_name)

    @property
    def plural(self):
        """E.g. "Case studies" (the search filter, the admin's Content menu)."""
        return capfirst(self.model._meta.verbose_name_plural)

    @property
    def content_type(self):
        return ContentType.objects.get_for_model(self.model)


def page_types():
    """The PageType of every page model that declares one, in the order of INSTALLED_APPS."""
    return [model.__dict__["page_type"] for model in get_page_models() if "page_type" in model.__dict__]


def searchable_types():
    return [page_type for page_type in page_types() if page_type.search_slug]
