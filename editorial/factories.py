"""Users in the editorial roles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


def user_in_role(role, username=None, password="a-test-password"):
    """A user in one of the roles editorial's migration creates, with an email so review emails reach them."""
    username = username or role.lower().replace(" ", "-")
    user = get_user_model().objects.create_user(username, f"{username}@example.org", password)
    user.groups.add(Group.objects.get(name=role))
    return user
