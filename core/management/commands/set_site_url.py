"""Point the default Site at the site's address, so absolute links in emails, feeds, calendar files and og:url
are right.

    python manage.py set_site_url                          # from WAGTAILADMIN_BASE_URL (`make serve`, production)
    python manage.py set_site_url http://127.0.0.1:8000    # `make demo`/`make run` with their HOST and PORT
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from core.site_url import site_address


class Command(BaseCommand):
    help = "Set the default Site's host name and port from a URL (default: WAGTAILADMIN_BASE_URL)."

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="The site's address, e.g. https://www.example.org.")

    def handle(self, *args, url=None, verbosity=1, **options):
        url = url or settings.WAGTAILADMIN_BASE_URL
        try:
            hostname, port = site_address(url)
        except ValueError as error:
            raise CommandError(error) from None
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default Site: run 'python manage.py migrate' first.")
        if (site.hostname, site.port) == (hostname, port):
            if verbosity:
                self.stdout.write(f"The Site is already {site.root_url}.")
            return
        site.hostname, site.port = hostname, port
        try:
            site.full_clean()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        site.save()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"The Site is now {site.root_url}."))
