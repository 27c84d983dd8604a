"""The task a publish queues: the new page's emails to "at once" subscribers, in batches."""

from django_tasks import task
from wagtail.models import Page

from .delivery import deliver_new_page, followed_page


@task()
def send_new_page(page_id):
    """Queue the page's emails; returns how many. Safe to run again: it gives only what is missing."""
    page = Page.objects.filter(pk=page_id).first()
    page = followed_page(page) if page else None
    return deliver_new_page(page) if page else 0
