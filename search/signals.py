"""What retires remembered searches besides an index change (search/remembered.py): a view
restriction decides whether a page is searchable, and the index does not see it."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction

from .remembered import index_changed


@receiver([post_save, post_delete], sender=PageViewRestriction)
@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def view_restriction_changed(**kwargs):
    index_changed()
