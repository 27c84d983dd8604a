"""The emails a subscriber gets: subject and text for each kind, with the one-click unsubscribe (RFC 8058)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task
from wagtail.models import Site

from outbox.sending import send_owed, single_line

from .models import SubscriptionEmail

Kind = SubscriptionEmail.Kind
PAGE_KINDS = [Kind.NEW_PAGE, Kind.DIGEST]

SUBJECTS = {
    Kind.CONFIRM: "Confirm your subscription to {site_name}",
    Kind.ALREADY_SUBSCRIBED: "Your subscription to {site_name}",
    Kind.NEW_PAGE: "New: {title}",
    Kind.DIGEST: "This week on {site_name}",
}


def subscriber_url(name, subscriber):
    root = Site.objects.get(is_default_site=True).root_url
    return root + reverse(f"subscriptions:{name}", args=[subscriber.token])


def build_message(email):
    subscriber = email.subscriber
    # Only pages still live: one taken down after its email was written is left out.
    deliveries = email.deliveries.filter(page__live=True).select_related("page").order_by("pk")
    pages = [delivery.page.specific for delivery in deliveries]
    unsubscribe_url = subscriber_url("unsubscribe", subscriber)
    context = {
        "subscriber": subscriber,
        "pages": [(page.title, page.full_url) for page in pages],
        "confirm_url": subscriber_url("confirm", subscriber),
        "manage_url": subscriber_url("manage", subscriber),
        "unsubscribe_url": unsubscribe_url,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    # Page titles are editors' text: a stray newline must not reach the header.
    title = pages[0].title if pages else ""
    return EmailMessage(
        subject=single_line(SUBJECTS[email.kind].format(title=title, site_name=settings.WAGTAIL_SITE_NAME)),
        body=render_to_string(f"subscriptions/email/{email.kind}.txt", context),
        to=[subscriber.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


@task()
def send_subscription_email(email_id):
    """Send one owed email; returns whether this call sent it (a failure waits for send_subscription_emails)."""
    owed = SubscriptionEmail.objects.filter(pk=email_id).select_related("subscriber")
    # Every page it carries was taken down before it went: nothing to say. Dropping it (and so its
    # deliveries) lets a republish send the page after all, still once.
    owed.unsent().filter(kind__in=PAGE_KINDS).exclude(deliveries__page__live=True).delete()
    return send_owed(owed, build_message)
