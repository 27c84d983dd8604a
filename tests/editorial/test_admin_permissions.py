"""Who can do what in the admin, asked by URL: anonymous visitors, editors, publishers and webinar
managers against publishing, registrants, form submissions, self-assessment figures and user
accounts. Every "cannot" is a 403 or a redirect and changes nothing.

The groups are made here with only the permissions each role needs, so the matrix tests
permissions, not whichever groups a migration ships.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from formpages.models import FormPage, Submission
from stories.models import CaseStudyPage
from tests.utils import make_user
from webinars.models import Registration, WebinarPage

pytestmark = pytest.mark.django_db

PAGE_PERMISSIONS = {"editor": ["add_page", "change_page"], "publisher": ["add_page", "change_page", "publish_page"]}
MODEL_PERMISSIONS = {"manager": [("webinars", "view_registration")]}
ROLES = ["anonymous", "editor", "publisher", "manager"]
SECRET = "planted-personal-data-7f3a"


def make_role(role):
    group = Group.objects.create(name=f"Permission matrix {role}")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    root = Page.get_first_root_node()
    for codename in PAGE_PERMISSIONS.get(role, []):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.create(group=group, page=root, permission=permission)
    for app_label, codename in MODEL_PERMISSIONS.get(role, []):
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return make_user(role, group)


@pytest.fixture
def as_role(client):
    def sign_in(role):
        if role != "anonymous":
            client.force_login(make_role(role))
        return client

    return sign_in


@pytest.fixture
def personal_data():
    webinar = WebinarPage.objects.live().order_by("path").first()
    registration = Registration.objects.create(
        webinar=webinar,
        name=SECRET,
        email="secret@example.org",
        role="teacher",
        organisation="X",
        state="CA",
        consent=True,
    )
    contact = FormPage.objects.live().get(slug="contact")
    Submission.objects.create(page=contact, duplicate_key=SECRET, form_data={"name": SECRET, "email": "s@example.org"})
    return registration, contact


def refused(response):
    return response.status_code in (302, 403) and SECRET.encode() not in response.content


# Which roles may open each staff view; everyone else is refused.
VIEWS = {
    "registrants": ({"manager"}, lambda r, c: reverse("webinar_registrants:index")),
    "registrants CSV export": ({"manager"}, lambda r, c: reverse("webinar_registrants:index") + "?export=csv"),
    "a registrant": ({"manager"}, lambda r, c: reverse("webinar_registrants:inspect", args=[r.pk])),
    "adding a registrant": (
        {"manager"},
        lambda r, c: reverse("webinar_registrants:add_registrant", args=[r.webinar_id]),
    ),
    "messaging registrants": ({"manager"}, lambda r, c: reverse("webinar_registrants:message", args=[r.webinar_id])),
    "form submissions": (set(), lambda r, c: reverse("wagtailforms:list_submissions", args=[c.pk])),
    "form submissions export": (
        set(),
        lambda r, c: reverse("wagtailforms:list_submissions", args=[c.pk]) + "?export=csv",
    ),
    "self-assessment figures": (set(), lambda r, c: reverse("self_assessment_report")),
    "user accounts": (set(), lambda r, c: reverse("wagtailusers_users:index")),
    "groups": (set(), lambda r, c: reverse("wagtailusers_groups:index")),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_staff_views_open_only_to_the_roles_that_hold_the_permission(as_role, personal_data, role, view):
    allowed, url = VIEWS[view]
    response = as_role(role).get(url(*personal_data))
    if role in allowed:
        assert response.status_code == 200
    else:
        assert refused(response), (role, view, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_only_webinar_managers_can_cancel_a_registration_by_url(as_role, role):
    webinar = WebinarPage.objects.live().upcoming().first()
    registration = Registration.objects.create(
        webinar=webinar, name="Matrix Person", email="matrix@example.org", role="teacher", status="confirmed"
    )
    response = as_role(role).post(reverse("webinar_registrants:cancel", args=[registration.pk]))
    registration.refresh_from_db()
    if role == "manager":
        assert response.status_code == 302 and registration.status == "cancelled"
    else:
        assert response.status_code in (302, 403) and registration.status == "confirmed"


@pytest.mark.parametrize("role", ROLES)
def test_only_publishers_can_unpublish_by_url(as_role, role):
    page = CaseStudyPage.objects.live().order_by("path").first()
    response = as_role(role).post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    page.refresh_from_db()
    if role == "publisher":
        assert response.status_code == 302 and not page.live
    else:
        assert response.status_code in (302, 403) and page.live


@pytest.mark.parametrize("role", ROLES)
def test_only_publishers_can_publish_by_url(as_role, role):
    page = CaseStudyPage.objects.live().order_by("path").first()
    page.title = "A draft nobody has approved"
    page.save_revision()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}"
    response = as_role(role).post(url)
    page.refresh_from_db()
    if role == "publisher":
        assert response.status_code == 302 and page.title == "A draft nobody has approved"
    else:
        assert response.status_code in (200, 302, 403)
        assert page.title != "A draft nobody has approved" and page.has_unpublished_changes


def test_editors_can_still_edit_pages(as_role):
    page = CaseStudyPage.objects.live().order_by("path").first()
    assert as_role("editor").get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
