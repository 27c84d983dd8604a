"""Demo logins: a new random password on every run, so no shared default ever works."""

import secrets

from django.conf import settings


def reset_password(user):
    password = secrets.token_urlsafe(18)
    user.set_password(password)
    return password


def login_line(username, password):
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"
    return f"Admin login: {admin_url}  user: {username}  password: {password}"
