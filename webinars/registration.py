"""Signing up, cancelling and the waitlist, with the seat count enforced by the database.

Each change locks the webinar's row for the length of its transaction
(SELECT ... FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction
takes the database's write lock at BEGIN), so counting the confirmed seats
and inserting the new row cannot interleave with another sign-up. The unique
constraint on (webinar, email) is the second line against duplicates.

Knowing an email address gives nothing: signing up with an address already
registered sends that address its email again (at most once an hour) and
answers exactly as a new sign-up does. A registrant's own pages are reached
only through the links in their emails: a random token per email, stored as
its SHA-256 digest (RegistrationLink), working until LINK_LIFETIME after the
webinar ends or until the registrant asks for a new link.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .emails import queue_email
from .models import Registration, RegistrationEmail, RegistrationLink, WebinarPage

Status = Registration.Status
Kind = RegistrationEmail.Kind

# How long after the webinar ends the links in its emails still open the registrant's page.
LINK_LIFETIME = timedelta(days=30)
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32): the letters Wagtail page URLs allow
# Emails a visitor's request sends, rather than a change to someone's place: capped per address.
REQUESTED_KINDS = [Kind.CONFIRMED, Kind.WAITLISTED, Kind.LINK]
RESEND_INTERVAL = timedelta(hours=1)


class RegistrationClosed(Exception):
    """The webinar is not taking sign-ups (not open yet, closed, or full with no waitlist)."""


class AlreadyRegistered(Exception):
    """Staff tried to add an address that already has a place at the webinar."""

    def __init__(self, registration):
        super().__init__(registration.email)
        self.registration = registration


class NoSeat(Exception):
    """Staff tried to give a seat to a waitlisted registrant of a full webinar."""


@dataclass
class Outcome:
    registration: Registration
    already_registered: bool = False

    @property
    def webinar(self):
        return self.registration.webinar


def registration_for_token(token):
    """The registration a link was made for, or None for an unknown, revoked or expired token."""
    if not TOKEN.fullmatch(token):
        return None
    expired_before = timezone.now() - LINK_LIFETIME
    link = (
        RegistrationLink.objects.select_related("registration__webinar")
        .filter(digest=RegistrationLink.digest_of(token), registration__webinar__ends_at__gt=expired_before)
        .first()
    )
    return link.registration if link else None


def replace_links(registration):
    """Stop every link the registrant has (one was shared by mistake) and email them a new one.

    Not capped like a sign-up's emails: only a link holder can ask, and asking revokes their link.
    """
    with transaction.atomic():
        registration.links.all().delete()
        queue_email(registration, Kind.LINK)


def may_email(registration):
    """Whether a visitor's request may send this address one more email: REGISTRATION_EMAIL_LIMIT
    per REGISTRATION_EMAIL_LIMIT_WINDOW seconds, across all webinars."""
    since = timezone.now() - timedelta(seconds=settings.REGISTRATION_EMAIL_LIMIT_WINDOW)
    sent = RegistrationEmail.objects.filter(
        registration__email=registration.email, kind__in=REQUESTED_KINDS, created_at__gte=since
    ).count()
    return sent < settings.REGISTRATION_EMAIL_LIMIT


def emailed_recently(registration):
    since = timezone.now() - RESEND_INTERVAL
    return registration.emails.filter(kind__in=REQUESTED_KINDS, created_at__gte=since).exists()


def queue_requested_email(registration):
    """The confirmation (or waitlist email) a sign-up asks for, unless the address has had its share."""
    if may_email(registration):
        queue_email(registration, Kind.CONFIRMED if registration.status == Status.CONFIRMED else Kind.WAITLISTED)


def lock(webinar):
    return WebinarPage.objects.select_for_update().get(pk=webinar.pk)


def register(webinar, details, now=None):
    """Sign someone up; the same email again keeps its place and is emailed again, at most hourly.

    ``details`` holds the form's cleaned data: name, email, role, organisation, state, consent.
    Raises RegistrationClosed when the webinar takes no more sign-ups, whether or not the
    address already has a place (so the answer never tells).
    """
    email = Registration.normalise_email(details["email"])
    try:
        with transaction.atomic():
            webinar = lock(webinar)
            # Taken inside the lock, so the waitlist is in the order sign-ups got the lock.
            now = now or timezone.now()
            if not webinar.registration_is_open(now):
                raise RegistrationClosed(
                    "Registration for this webinar is closed. If you registered before, your place is kept."
                )
            status = next_status(webinar)
            existing = Registration.objects.filter(webinar=webinar, email=email).first()
            if existing and existing.status != Status.CANCELLED:
                if not emailed_recently(existing):
                    queue_requested_email(existing)
                return Outcome(existing, already_registered=True)
            registration = place(webinar, existing, email, details, status, now)
            queue_requested_email(registration)
            return Outcome(registration)
    except IntegrityError:
        # Another request inserted this email between our lock and insert (only possible
        # where the lock is weaker than documented): the place it made is the person's.
        existing = Registration.objects.get(webinar=webinar, email=email)
        return Outcome(existing, already_registered=True)


def add_by_hand(webinar, details, now=None):
    """Staff sign someone up (a request by phone, a late sign-up) and they are emailed as after a sign-up.

    The same seats, waitlist and duplicate rules as ``register``, but staff are told: an address
    with a place raises AlreadyRegistered instead of being emailed again. Registration closing
    does not stop staff, the webinar's end does.
    """
    email = Registration.normalise_email(details["email"])
    try:
        with transaction.atomic():
            webinar = lock(webinar)
            now = now or timezone.now()
            if webinar.ends_at <= now:
                raise RegistrationClosed("This webinar has already taken place.")
            existing = Registration.objects.filter(webinar=webinar, email=email).first()
            if existing and existing.status != Status.CANCELLED:
                raise AlreadyRegistered(existing)
            registration = place(webinar, existing, email, details, next_status(webinar), now)
            queue_email(registration, Kind.CONFIRMED if registration.status == Status.CONFIRMED else Kind.WAITLISTED)
            return registration
    except IntegrityError:
        raise AlreadyRegistered(Registration.objects.get(webinar=webinar, email=email)) from None


def place(webinar, existing, email, details, status, now):
    """Save a new place, or a cancelled one taken again (it goes to the back of any waitlist)."""
    registration = existing or Registration(webinar=webinar, email=email)
    for field in ("name", "role", "organisation", "state", "consent"):
        setattr(registration, field, details.get(field, getattr(registration, field)))
    registration.status = status
    registration.created_at = registration.status_changed_at = now
    registration.save()
    return registration


def has_free_seat(webinar):
    return webinar.capacity is None or webinar.confirmed_count() < webinar.capacity


def next_status(webinar):
    if has_free_seat(webinar):
        return Status.CONFIRMED
    if webinar.waitlist:
        return Status.WAITLISTED
    raise RegistrationClosed("This webinar is full. If you registered before, your place is kept.")


def cancel(registration, now=None):
    """Give up a place; a freed seat goes to the first person on the waitlist, who is emailed.

    Returns the promoted registration, if any.
    """
    now = now or timezone.now()
    with transaction.atomic():
        webinar = lock(registration.webinar)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            return None
        freed_seat = registration.status == Status.CONFIRMED
        mark(registration, Status.CANCELLED, now)
        queue_email(registration, Kind.CANCELLED)
        return promote_from_waitlist(webinar, now) if freed_seat else None


def promote(registration, now=None):
    """Staff give a waitlisted registrant a seat out of turn; they are emailed as when promoted in turn.

    Raises NoSeat when the webinar is full. Returns False when the registration was no longer
    waitlisted (someone else moved it first), True when it was promoted.
    """
    now = now or timezone.now()
    with transaction.atomic():
        webinar = lock(registration.webinar)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.WAITLISTED:
            return False
        if not has_free_seat(webinar):
            raise NoSeat(f"All {webinar.capacity} seats are taken: cancel a confirmed registration first.")
        mark(registration, Status.CONFIRMED, now)
        queue_email(registration, Kind.PROMOTED)
        return True


def promote_from_waitlist(webinar, now):
    if not has_free_seat(webinar):
        return None
    first = (
        Registration.objects.select_for_update()
        .filter(webinar=webinar, status=Status.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if first is not None:
        mark(first, Status.CONFIRMED, now)
        queue_email(first, Kind.PROMOTED)
    return first


def mark(registration, status, now):
    registration.status = status
    registration.status_changed_at = now
    registration.save(update_fields=["status", "status_changed_at"])
