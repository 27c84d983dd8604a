"""Remove registrants' personal data once their webinar is long past.

    python manage.py purge_registration_data [--days N]

N defaults to settings.WEBINAR_REGISTRATION_RETENTION_DAYS. Names, emails, organisations and
states go; each registration's status stays, so attendance counts survive. Registrants' links
go with them, and so do links that no longer work anywhere (their webinar ended over
webinars.registration.LINK_LIFETIME ago).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from webinars.models import Registration, RegistrationEmail, RegistrationLink
from webinars.registration import LINK_LIFETIME

# A reserved domain (RFC 2606), unique per row so the one-email-per-webinar constraint holds.
REMOVED_DOMAIN = "@invalid.example"


class Command(BaseCommand):
    help = "Remove personal data from registrations of webinars that ended more than N days ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.WEBINAR_REGISTRATION_RETENTION_DAYS,
            help="Keep data this many days after the webinar ends (default: WEBINAR_REGISTRATION_RETENTION_DAYS).",
        )

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        expired = Registration.objects.filter(webinar__ends_at__lt=cutoff).exclude(email__endswith=REMOVED_DOMAIN)
        with transaction.atomic():
            emails = RegistrationEmail.objects.filter(registration__in=expired)
            # An email still owed has nobody left to go to.
            emails.filter(sent_at__isnull=True).delete()
            emails.update(last_error="")
            RegistrationLink.objects.filter(
                Q(registration__in=expired) | Q(registration__webinar__ends_at__lt=timezone.now() - LINK_LIFETIME)
            ).delete()
            purged = expired.update(
                name="",
                organisation="",
                state="",
                email=Concat(Value("removed-"), Cast("pk", CharField()), Value(REMOVED_DOMAIN)),
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed personal data from {purged} registrations of webinars that ended over {days} days ago."
            )
        )
