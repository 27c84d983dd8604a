"""Signing up, cancelling and the waitlist, with the seat count enforced by the database.

Each change locks the webinar's row for the length of its transaction
(SELECT ... FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction
takes the database's write lock at BEGIN), so counting the confirmed seats
and inserting the new row cannot interleave with another sign-up. The unique
constraint on (webinar, email) is the second line against duplicates.
"""

from dataclasses import dataclass

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .emails import queue_email
from .models import Registration, RegistrationEmail, WebinarPage

Status = Registration.Status
Kind = RegistrationEmail.Kind
TOKEN_SALT = "webinars.registration"


class RegistrationClosed(Exception):
    """The webinar is not taking sign-ups (not open yet, closed, or full with no waitlist)."""


@dataclass
class Outcome:
    registration: Registration
    already_registered: bool = False

    @property
    def webinar(self):
        return self.registration.webinar


def token_for(registration):
    """An unguessable, signed reference to a registration, for links in emails.

    Re-encoded in URL-safe base64: Wagtail's page URLs allow only letters, digits, _ and -.
    """
    return urlsafe_base64_encode(signing.dumps(registration.pk, salt=TOKEN_SALT).encode())


def registration_for_token(token):
    """The registration a token was signed for, or None for a forged or mangled token."""
    try:
        pk = signing.loads(urlsafe_base64_decode(token).decode(), salt=TOKEN_SALT)
    except (ValueError, signing.BadSignature):  # bad base64 and bad UTF-8 are ValueErrors too
        return None
    return Registration.objects.select_related("webinar").filter(pk=pk).first()


def lock(webinar):
    return WebinarPage.objects.select_for_update().get(pk=webinar.pk)


def confirmed_count(webinar):
    return Registration.objects.filter(webinar=webinar, status=Status.CONFIRMED).count()


def seats_left(webinar):
    if webinar.capacity is None:
        return None
    return max(0, webinar.capacity - confirmed_count(webinar))


def waitlist_position(registration):
    if registration.status != Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        webinar_id=registration.webinar_id, status=Status.WAITLISTED, created_at__lte=registration.created_at
    ).exclude(created_at=registration.created_at, pk__gt=registration.pk)
    return ahead.count()


def register(webinar, details, now=None):
    """Sign someone up; the same email again gets its existing place and a fresh email.

    ``details`` holds the form's cleaned data: name, email, role, organisation, state, consent.
    Raises RegistrationClosed when the webinar takes no more sign-ups.
    """
    now = now or timezone.now()
    email = Registration.normalise_email(details["email"])
    try:
        with transaction.atomic():
            webinar = lock(webinar)
            existing = Registration.objects.filter(webinar=webinar, email=email).first()
            if existing and existing.status != Status.CANCELLED:
                queue_email(existing, Kind.CONFIRMED if existing.status == Status.CONFIRMED else Kind.WAITLISTED)
                return Outcome(existing, already_registered=True)
            if not webinar.registration_is_open(now):
                raise RegistrationClosed("Registration for this webinar is closed.")
            status = next_status(webinar)
            registration = existing or Registration(webinar=webinar, email=email)
            for field in ("name", "role", "organisation", "state", "consent"):
                setattr(registration, field, details.get(field, getattr(registration, field)))
            registration.status = status
            registration.created_at = registration.status_changed_at = now
            registration.save()
            queue_email(registration, Kind.CONFIRMED if status == Status.CONFIRMED else Kind.WAITLISTED)
            return Outcome(registration)
    except IntegrityError:
        # Another request inserted this email between our lock and insert (only possible
        # where the lock is weaker than documented): the place it made is the person's.
        existing = Registration.objects.get(webinar=webinar, email=email)
        return Outcome(existing, already_registered=True)


def next_status(webinar):
    if webinar.capacity is None or confirmed_count(webinar) < webinar.capacity:
        return Status.CONFIRMED
    if webinar.waitlist:
        return Status.WAITLISTED
    raise RegistrationClosed("This webinar is full.")


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


def promote_from_waitlist(webinar, now):
    if webinar.capacity is not None and confirmed_count(webinar) >= webinar.capacity:
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
