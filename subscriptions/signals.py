"""A page of a followed type published: once the publish commits, its emails are queued by the task worker."""

from django.db import transaction
from wagtail.signals import page_published

from .models import LISTS
from .tasks import send_new_page


def page_published_handler(sender, instance, **kwargs):
    # robust: the publish is saved either way; send_subscription_emails catches up what a failed enqueue missed.
    transaction.on_commit(lambda: send_new_page.enqueue(instance.pk), robust=True)


def connect():
    for model in LISTS.values():
        page_published.connect(page_published_handler, sender=model, dispatch_uid=f"subscriptions-{model.__name__}")
