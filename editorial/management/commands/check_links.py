"""Check every link on the live pages and keep what was found for the Broken links report.

    python manage.py check_links [--under PAGE_ID]

Run it from cron once a day (docs/deploy.md). Each run replaces the last one's findings: a link
that works again, or was taken off its page, leaves the report.
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from editorial.links import check_links
from editorial.models import CheckedLink


class Command(BaseCommand):
    help = "Check the links on the live pages for the Broken links report; run it once a day."

    def add_arguments(self, parser):
        parser.add_argument("--under", type=int, metavar="PAGE_ID", help="Check only this page and those below it.")

    def handle(self, *args, under, **options):
        if under is not None:
            under = Page.objects.filter(pk=under).first()
            if under is None:
                raise CommandError("No page has that id.")
        counts = check_links(under)
        self.stdout.write(
            self.style.SUCCESS(", ".join(f"{label}: {counts[status]}" for status, label in CheckedLink.Status.choices))
        )
