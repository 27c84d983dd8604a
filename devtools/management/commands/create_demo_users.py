"""One demo login per role (editorial/migrations/0001), each with a new random password printed once."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from devtools.demo.accounts import login_line, reset_password
from editorial.roles import EDITORS, PUBLISHERS, WEBINAR_MANAGERS

# username, first name, last name, role
DEMO_USERS = [
    ("editor", "Erin", "Editor", EDITORS),
    ("publisher", "Pat", "Publisher", PUBLISHERS),
    ("webinar-manager", "Wren", "Webinars", WEBINAR_MANAGERS),
]


class Command(BaseCommand):
    help = "Create or update a demo user in each role (Editors, Publishers, Webinar managers) with new passwords."

    def handle(self, *args, **options):
        User = get_user_model()
        groups = {group.name: group for group in Group.objects.filter(name__in=[role for *_, role in DEMO_USERS])}
        for username, first_name, last_name, role in DEMO_USERS:
            if role not in groups:
                raise CommandError(f"No '{role}' group: run 'python manage.py migrate' first.")
            user, created = User.objects.get_or_create(**{User.USERNAME_FIELD: username})
            password = reset_password(user)
            user.first_name, user.last_name = first_name, last_name
            # An address, so review emails reach them (the console shows them in development).
            user.email = f"{username}@example.org"
            user.is_active = True
            user.is_staff = user.is_superuser = False
            user.save()
            # Exactly one role, so each login shows what that role can and cannot do.
            user.groups.set([groups[role]])
            self.stdout.write(self.style.SUCCESS(f"{'Created' if created else 'Updated'} '{username}' in {role}."))
            self.stdout.write(login_line(username, password))
