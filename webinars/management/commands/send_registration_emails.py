"""Send the registration emails still owed after a failure, oldest first.

    python manage.py send_registration_emails

Run it from cron every few minutes: each run tries each owed email once more, until it has
been tried --max-attempts times.
"""

from django.core.management.base import BaseCommand

from webinars.models import RegistrationEmail
from webinars.tasks import send_registration_email


class Command(BaseCommand):
    help = "Retry registration emails that have not been sent yet, oldest first."

    def add_arguments(self, parser):
        parser.add_argument("--max-attempts", type=int, default=8, help="Give up on an email after this many tries.")

    def handle(self, *args, max_attempts, **options):
        unsent = RegistrationEmail.objects.filter(sent_at__isnull=True)
        owed = list(unsent.filter(attempts__lt=max_attempts).order_by("created_at", "pk").values_list("pk", flat=True))
        sent = sum(send_registration_email.call(pk) for pk in owed)
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} of {len(owed)} owed registration emails."))
        given_up = unsent.filter(attempts__gte=max_attempts).count()
        if given_up:
            self.stdout.write(
                self.style.WARNING(f"{given_up} emails failed {max_attempts} times and are no longer tried.")
            )
