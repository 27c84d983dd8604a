"""The three roles, each tested both ways: what it can do, and that every "cannot" is refused
(302 to the login page or the dashboard, or 403) and changes nothing."""

import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Page, Site, Workflow
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.models import SiteSettings
from editorial.factories import user_in_role
from editorial.roles import EDITORS, PUBLISHERS, REVIEW_TASK, REVIEW_WORKFLOW, WEBINAR_MANAGERS
from formpages.models import FormPage
from stories.models import CaseStudyPage
from taxonomy.models import District, Person
from webinars.models import Registration, WebinarPage

REFUSED = (302, 403)


@pytest.fixture
def editor(db):
    return user_in_role(EDITORS)


@pytest.fixture
def publisher(db):
    return user_in_role(PUBLISHERS)


@pytest.fixture
def manager(db):
    return user_in_role(WEBINAR_MANAGERS)


@pytest.fixture
def story(demo_page):
    return demo_page(CaseStudyPage)


@pytest.fixture
def form_page(demo_page):
    page = demo_page(FormPage)
    FormSubmission.objects.create(page=page, form_data={"name": "Ada Lovelace", "email": "ada@example.org"})
    return page


@pytest.fixture
def registration(demo_page):
    webinar = WebinarPage.objects.live().upcoming().first()
    return Registration.objects.create(
        webinar=webinar, name="Grace Hopper", email="grace@example.org", role="teacher", status="confirmed"
    )


def refused(response):
    return response.status_code in REFUSED


# --- What exists after migrating -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_three_roles_exist_and_wagtails_moderators_became_publishers():
    assert set(Group.objects.values_list("name", flat=True)) == {EDITORS, PUBLISHERS, WEBINAR_MANAGERS}


@pytest.mark.django_db
def test_page_permissions_are_on_the_home_page_and_only_publishers_publish():
    home = Site.objects.get(is_default_site=True).root_page
    rows = GroupPagePermission.objects.select_related("group", "permission")
    granted = {(row.group.name, row.page_id, row.permission.codename) for row in rows}
    assert granted == {
        (EDITORS, home.pk, "add_page"),
        (EDITORS, home.pk, "change_page"),
        *(
            (PUBLISHERS, home.pk, codename)
            for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
        ),
    }


@pytest.mark.django_db
def test_the_whole_site_is_reviewed_by_publishers():
    root = Page.get_first_root_node()
    workflow = Workflow.objects.get(workflow_pages__page=root)
    assert workflow.name == REVIEW_WORKFLOW and workflow.active
    [task] = [task.specific for task in workflow.tasks]
    assert task.name == REVIEW_TASK
    assert list(task.groups.values_list("name", flat=True)) == [PUBLISHERS]
    # Wagtail's default workflow is switched off, not left to compete.
    assert list(Workflow.objects.filter(active=True)) == [workflow]


@pytest.mark.django_db
def test_running_the_role_migration_again_resets_hand_made_changes():
    migration = importlib.import_module("editorial.migrations.0001_roles_and_review_workflow")
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.add(*Group.objects.get(name=PUBLISHERS).permissions.all())
    migration.setup_roles(django_apps, None)
    migration.setup_review_workflow(django_apps, None)
    assert list(editors.permissions.values_list("codename", flat=True)) == ["access_admin"]
    assert Workflow.objects.filter(active=True).count() == 1


# --- Editors ---------------------------------------------------------------------------------------


def test_editor_can_create_and_edit_drafts_and_upload_images(client, editor, story):
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).status_code == 200
    add_url = reverse("wagtailadmin_pages:add", args=["stories", "casestudypage", story.get_parent().pk])
    assert client.get(add_url).status_code == 200
    assert client.get(reverse("wagtailimages:add")).status_code == 200
    assert client.get(reverse("wagtailforms:index")).status_code == 200


def test_editor_cannot_publish_directly(client, editor, story):
    client.force_login(editor)
    live_title = story.title
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        {**editable_form_data(story), "title": "Changed by an editor", "action-publish": "action-publish"},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    # Wagtail ignores the publish button without the permission: the change is only a draft.
    assert story.title == live_title and story.has_unpublished_changes


def test_editor_cannot_unpublish_or_delete_a_live_page(client, editor, story):
    client.force_login(editor)
    assert refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[story.pk])))
    assert refused(client.post(reverse("wagtailadmin_pages:delete", args=[story.pk])))
    story.refresh_from_db()
    assert story.live


def test_editor_cannot_see_registrants_or_submissions(client, editor, registration, form_page):
    client.force_login(editor)
    for url in registrant_and_submission_urls(form_page):
        assert refused(client.get(url)), url
    index = client.get(reverse("wagtailforms:index"))
    assert form_page not in list(index.context["object_list"])


def test_editor_cannot_delete_submissions_or_registrations(client, editor, registration, form_page):
    client.force_login(editor)
    submission = FormSubmission.objects.get(page=form_page)
    client.post(
        reverse("wagtailforms:delete_submissions", args=[form_page.pk]) + f"?selected-submissions={submission.pk}"
    )
    client.post(reverse("webinar_registrants:delete", args=[registration.pk]))
    assert FormSubmission.objects.filter(pk=submission.pk).exists()
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_editor_adds_and_corrects_people_and_districts_from_the_menu(client, editor):
    client.force_login(editor)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "/admin/snippets/taxonomy/person/" in menu and "/admin/snippets/taxonomy/district/" in menu
    client.post(
        reverse("wagtailsnippets_taxonomy_person:add"),
        {"name": "Ana Ruiz", "role": "Principal", "organisation": "", "bio": ""},
    )
    person = Person.objects.get(name="Ana Ruiz")
    client.post(
        reverse("wagtailsnippets_taxonomy_person:edit", args=[person.pk]),
        {"name": "Ana Ruiz", "role": "Principal, Walker-Gamble Elementary", "organisation": "", "bio": ""},
    )
    person.refresh_from_db()
    assert person.role == "Principal, Walker-Gamble Elementary"
    client.post(
        reverse("wagtailsnippets_taxonomy_district:add"), {"name": "Lakeview Unified", "acronym": "LUSD", "state": "CA"}
    )
    assert District.objects.filter(name="Lakeview Unified", acronym="LUSD").exists()


def test_editor_cannot_delete_people_or_manage_conditions_synonyms_or_settings(client, editor):
    client.force_login(editor)
    person = Person.objects.create(name="Linked elsewhere")
    assert refused(client.post(reverse("wagtailsnippets_taxonomy_person:delete", args=[person.pk])))
    assert Person.objects.filter(pk=person.pk).exists()
    assert refused(client.get(reverse("wagtailsnippets_taxonomy_systemcondition:add")))
    assert refused(client.get(reverse("wagtailsnippets_search_searchsynonym:add")))
    site = Site.objects.get(is_default_site=True)
    settings_url = reverse("wagtailsettings:edit", args=["core", "sitesettings", site.pk])
    assert refused(client.post(settings_url, {"contact_email": "attacker@example.org"}))
    assert SiteSettings.for_site(site).contact_email != "attacker@example.org"


# --- Publishers ------------------------------------------------------------------------------------


def test_publisher_can_publish(client, publisher, story):
    client.force_login(publisher)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        {**editable_form_data(story), "title": "Published by a publisher", "action-publish": "action-publish"},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "Published by a publisher" and not story.has_unpublished_changes


def test_publisher_manages_snippets_settings_and_sees_submissions(client, publisher, form_page):
    client.force_login(publisher)
    client.post(
        reverse("wagtailsnippets_taxonomy_person:add"),
        {"name": "Nader Twal", "role": "", "organisation": "", "bio": ""},
    )
    assert Person.objects.filter(name="Nader Twal").exists()
    site = Site.objects.get(is_default_site=True)
    assert client.get(reverse("wagtailsettings:edit", args=["core", "sitesettings", site.pk])).status_code == 200
    assert client.get(reverse("wagtailforms:list_submissions", args=[form_page.pk])).status_code == 200
    assert client.get(reverse("wagtailredirects:index")).status_code == 200


def test_publisher_cannot_see_registrants(client, publisher, registration):
    client.force_login(publisher)
    assert refused(client.get(reverse("webinar_registrants:index")))
    assert refused(client.get(reverse("webinar_registrants:index") + "?export=csv"))


# --- Webinar managers ------------------------------------------------------------------------------


def test_manager_sees_and_exports_registrants(client, manager, registration):
    client.force_login(manager)
    assert client.get(reverse("webinar_registrants:index")).status_code == 200
    export = client.get(reverse("webinar_registrants:index") + "?export=csv")
    assert export.status_code == 200 and b"Grace Hopper" in export.getvalue()


def test_manager_cannot_edit_pages_upload_images_or_see_submissions(client, manager, story, form_page):
    client.force_login(manager)
    images = get_image_model().objects.count()
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])))
    assert refused(client.post(reverse("wagtailimages:add"), {"title": "Not allowed"}))
    assert get_image_model().objects.count() == images
    assert refused(client.get(reverse("wagtailforms:list_submissions", args=[form_page.pk])))
    # No page listings in the menu for someone who cannot write pages.
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "School stories" not in dashboard


def test_manager_cannot_delete_a_registration(client, manager, registration):
    client.force_login(manager)
    assert refused(client.post(reverse("webinar_registrants:delete", args=[registration.pk])))
    assert Registration.objects.filter(pk=registration.pk).exists()


# --- Anonymous visitors ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(client, story, registration, form_page):
    for url in [*registrant_and_submission_urls(form_page), reverse("wagtailadmin_pages:edit", args=[story.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login")), url
    client.post(reverse("wagtailadmin_pages:unpublish", args=[story.pk]))
    story.refresh_from_db()
    assert story.live


# --- Demo logins -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_users_get_one_role_each_and_new_passwords_every_run():
    first, second = io.StringIO(), io.StringIO()
    call_command("create_demo_users", stdout=first)
    call_command("create_demo_users", stdout=second)
    User = get_user_model()
    roles = {
        user.username: [group.name for group in user.groups.all()] for user in User.objects.filter(is_superuser=False)
    }
    assert roles == {"editor": [EDITORS], "publisher": [PUBLISHERS], "webinar-manager": [WEBINAR_MANAGERS]}
    passwords = [passwords_printed(out.getvalue()) for out in (first, second)]
    assert len(passwords[0]) == 3 and not set(passwords[0]) & set(passwords[1])
    for username, password in zip(("editor", "publisher", "webinar-manager"), passwords[1], strict=False):
        assert User.objects.get(username=username).check_password(password)


# --- Helpers ---------------------------------------------------------------------------------------


def registrant_and_submission_urls(form_page):
    registrants = reverse("webinar_registrants:index")
    submissions = reverse("wagtailforms:list_submissions", args=[form_page.pk])
    return [
        registrants,
        registrants + "?export=csv",
        registrants + "?export=xlsx",
        submissions,
        submissions + "?export=csv",
    ]


def passwords_printed(output):
    return [line.rsplit("password: ", 1)[1] for line in output.splitlines() if "password: " in line]


def editable_form_data(page):
    """A valid admin edit form for a case study: its own fields, with a one-paragraph body."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "school": page.school,
            "district": page.district_id or "",
            "state": page.state,
            "hero_image": page.hero_image_id or "",
            "body": streamfield([("paragraph", rich_text("<p>Teachers and leaders decided together.</p>"))]),
        }
    )
