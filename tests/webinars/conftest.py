"""The people and registrations the webinar admin tests share."""

import pytest
from django.contrib.auth.models import Group

from editorial.roles import WEBINAR_MANAGERS
from tests.utils import make_user, registrant
from webinars.factories import WebinarPageFactory
from webinars.models import Registration, WebinarIndexPage

Status = Registration.Status


@pytest.fixture
def managers_group(db):
    """The role editorial's migration creates: admin access and view_registration."""
    return Group.objects.get(name=WEBINAR_MANAGERS)


@pytest.fixture
def manager(managers_group):
    return make_user("manager", managers_group)


@pytest.fixture
def editor(db):
    """Admin access and page permissions (Wagtail's Editors group), but not view_registration."""
    return make_user("editor", Group.objects.get(name="Editors"))


@pytest.fixture
def superuser(db):
    return make_user("admin", is_superuser=True, is_staff=True)


@pytest.fixture
def webinar_index(db):
    return WebinarIndexPage.objects.live().first()


@pytest.fixture
def webinar(webinar_index):
    return WebinarPageFactory(parent=webinar_index, title="Leading together", capacity=2)


@pytest.fixture
def other_webinar(webinar_index):
    return WebinarPageFactory(parent=webinar_index, title="Budgets as a team", capacity=None)


@pytest.fixture
def registrations(webinar, other_webinar):
    return {
        "ada": registrant(webinar, "Ada Lovelace", organisation="Analytical Academy"),
        "grace": registrant(webinar, "Grace Hopper", organisation="Cobol County Schools"),
        "katherine": registrant(webinar, "Katherine Johnson", Status.WAITLISTED, organisation="Langley High"),
        "dorothy": registrant(webinar, "Dorothy Vaughan", Status.CANCELLED),
        "mary": registrant(other_webinar, "Mary Jackson", organisation="Hampton District"),
    }
