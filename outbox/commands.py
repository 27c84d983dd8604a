"""The base of the commands that retry owed emails (cron, every few minutes)."""

from django.core.management.base import BaseCommand


class RetryOwedEmailsCommand(BaseCommand):
    """Base of the commands that retry unsent emails of one OwedEmail model, oldest first.

    Run from cron every few minutes: each run tries each owed email once more, until it has
    been tried --max-attempts times. An email a worker is sending now is left to it; one whose
    worker died mid-send is tried again once its claim has run out (EMAIL_LEASE_SECONDS).
    """

    model = None  # the OwedEmail subclass
    task = None  # the task sending one row, called with its pk
    noun = "emails"

    def add_arguments(self, parser):
        parser.add_argument("--max-attempts", type=int, default=8, help="Give up on an email after this many tries.")

    def handle(self, *args, max_attempts, **options):
        unsent = self.model.objects.unsent()
        due = unsent.claimable().filter(attempts__lt=max_attempts).order_by("created_at", "pk")
        owed = list(due.values_list("pk", flat=True))
        sent = sum(self.task.call(pk) for pk in owed)
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} of {len(owed)} owed {self.noun}."))
        given_up = unsent.filter(attempts__gte=max_attempts).count()
        if given_up:
            self.stdout.write(
                self.style.WARNING(f"{given_up} emails failed {max_attempts} times and are no longer tried.")
            )
