"""Create or update a demo superuser with a fresh random password on every run."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_EMAIL = "admin@example.org"


class Command(BaseCommand):
    help = "Create or update a demo superuser and print a new random password for it."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Defaults to 'admin'.")

    def handle(self, *args, username, **options):
        User = get_user_model()
        user, created = User.objects.get_or_create(**{User.USERNAME_FIELD: username})
        # A new password each run, so no shared default ever works.
        password = secrets.token_urlsafe(18)
        user.email = DEMO_EMAIL
        user.is_active = user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"
        self.stdout.write(self.style.SUCCESS(f"{'Created' if created else 'Updated'} superuser '{username}'."))
        self.stdout.write(f"Admin login: {admin_url}  user: {username}  password: {password}")
