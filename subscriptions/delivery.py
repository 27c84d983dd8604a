"""Subscribing, confirming, leaving, and giving each subscriber each new page exactly once.

Knowing an address gives nothing: subscribing one that is already subscribed answers as a new
one does, and the address's inbox alone learns which (a confirmation again, or a link to manage
the subscription), at most once per RESEND_INTERVAL so nobody can fill a stranger's inbox.

A new page reaches a subscriber who follows its type and confirmed before it was first
published: "at once" subscribers through the task the publish queues (in batches of
SUBSCRIPTION_BATCH_SIZE, one transaction each), weekly ones through send_subscription_digest.
Each subscriber's row is locked while their deliveries are written, and the unique
(subscriber, page) constraint backs it up, so a republish, a second run or a worker that died
between batches never gives a page twice: running again gives only what is missing.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from outbox.sending import send_after_commit

from .emails import send_subscription_email
from .models import LISTS, Delivery, Subscriber, SubscriptionEmail

Kind = SubscriptionEmail.Kind
Frequency = Subscriber.Frequency
RESEND_INTERVAL = timedelta(hours=1)
REQUESTED_KINDS = [Kind.CONFIRM, Kind.ALREADY_SUBSCRIBED]
# Pages first published this long ago are still caught up by send_subscription_emails.
CATCH_UP = timedelta(days=7)


def queue_email(subscriber, kind):
    email = SubscriptionEmail.objects.create(subscriber=subscriber, kind=kind)
    return send_after_commit(email, send_subscription_email)


def subscribe(email, lists, frequency):
    """Sign an address up (it confirms by the emailed link); the same address again changes nothing of theirs."""
    email = Subscriber.normalise_email(email)
    choices = {list_name: list_name in lists for list_name in LISTS}
    try:
        with transaction.atomic():
            subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
            if subscriber is None:
                subscriber = Subscriber.objects.create(email=email, frequency=frequency, **choices)
                queue_email(subscriber, Kind.CONFIRM)
                return
            if subscriber.confirmed_at is None:
                # Nothing is sent until the inbox confirms, so the latest choices may stand.
                Subscriber.objects.filter(pk=subscriber.pk).update(frequency=frequency, **choices)
            if not emailed_recently(subscriber):
                queue_email(subscriber, Kind.ALREADY_SUBSCRIBED if subscriber.confirmed_at else Kind.CONFIRM)
    except IntegrityError:
        # Another request inserted the address a moment before: theirs is the subscription.
        return


def emailed_recently(subscriber):
    since = timezone.now() - RESEND_INTERVAL
    return subscriber.emails.filter(kind__in=REQUESTED_KINDS, created_at__gte=since).exists()


def subscriber_for_token(token):
    return Subscriber.objects.filter(token=token).first() if token else None


def confirm(subscriber):
    Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())


def unsubscribe(subscriber):
    """Forget the address: its deliveries and any email still owed go with it."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()


def new_pages_for(subscriber, page_models=None):
    """Live, public pages of the subscriber's lists first published since they confirmed and not yet given them."""
    delivered = Delivery.objects.filter(subscriber=subscriber, page=OuterRef("pk"))
    for model in page_models or subscriber.followed_models:
        yield from (
            model.objects.live()
            .public()
            .filter(first_published_at__gte=subscriber.confirmed_at)
            .exclude(Exists(delivered))
            .order_by("first_published_at", "pk")
        )


def deliver(subscriber, pages, kind):
    """Give these pages to a subscriber in one email; in the caller's transaction, the subscriber's row locked."""
    if not pages:
        return None
    email = SubscriptionEmail.objects.create(subscriber=subscriber, kind=kind)
    Delivery.objects.bulk_create(Delivery(subscriber=subscriber, page=page, email=email) for page in pages)
    return send_after_commit(email, send_subscription_email)


def at_once_subscribers(page):
    """Confirmed "at once" subscribers who follow the page's type, confirmed before it first went out, lacking it."""
    return (
        Subscriber.objects.confirmed()
        .following(type(page))
        .filter(frequency=Frequency.AT_ONCE, confirmed_at__lte=page.first_published_at)
        .exclude(Exists(Delivery.objects.filter(subscriber=OuterRef("pk"), page=page)))
        .order_by("pk")
    )


def deliver_batch(page, subscriber_pks):
    """One batch of a new page's emails, all written or none; returns how many were queued."""
    with transaction.atomic():
        subscribers = list(at_once_subscribers(page).filter(pk__in=subscriber_pks).select_for_update())
        # Read after the locks are held: a worker that held them first has written its deliveries.
        given = set(Delivery.objects.filter(page=page, subscriber__in=subscribers).values_list("subscriber", flat=True))
        for subscriber in subscribers:
            if subscriber.pk not in given:
                deliver(subscriber, [page], Kind.NEW_PAGE)
        return len(subscribers) - len(given)


def deliver_new_page(page):
    """Queue the page for every "at once" subscriber still lacking it, a batch at a time."""
    if not (page.live and page.first_published_at and not page.get_view_restrictions().exists()):
        return 0
    pks = list(at_once_subscribers(page).values_list("pk", flat=True))
    size = settings.SUBSCRIPTION_BATCH_SIZE
    return sum(deliver_batch(page, pks[start : start + size]) for start in range(0, len(pks), size))


def followed_page(page):
    """The page as its followed type (RoundtablePostPage, CaseStudyPage, WebinarPage), or None."""
    specific = page.specific
    return specific if type(specific) in LISTS.values() else None


def recent_followed_pages(now=None):
    since = (now or timezone.now()) - CATCH_UP
    for model in LISTS.values():
        yield from model.objects.live().public().filter(first_published_at__gte=since).order_by("pk")


def send_digests():
    """One email to each weekly subscriber listing their new pages; returns how many were queued."""
    queued = 0
    for pk in Subscriber.objects.confirmed().filter(frequency=Frequency.WEEKLY).values_list("pk", flat=True):
        with transaction.atomic():
            subscriber = Subscriber.objects.select_for_update().filter(pk=pk, frequency=Frequency.WEEKLY).first()
            if subscriber is not None:
                queued += deliver(subscriber, list(new_pages_for(subscriber)), Kind.DIGEST) is not None
    return queued
