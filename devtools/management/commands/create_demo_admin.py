"""Create or update a demo superuser with a fresh random password on every run."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from devtools.demo.accounts import login_line, reset_password

DEMO_EMAIL = "admin@example.org"


class Command(BaseCommand):
    help = "Create or update a demo superuser and print a new random password for it."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Defaults to 'admin'.")

    def handle(self, *args, username, **options):
        User = get_user_model()
        user, created = User.objects.get_or_create(**{User.USERNAME_FIELD: username})
        password = reset_password(user)
        user.email = DEMO_EMAIL
        user.is_active = user.is_staff = user.is_superuser = True
        user.save()
        self.stdout.write(self.style.SUCCESS(f"{'Created' if created else 'Updated'} superuser '{username}'."))
        self.stdout.write(login_line(username, password))
