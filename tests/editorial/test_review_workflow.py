"""Review before publishing: editors submit, publishers are emailed and approve or ask for changes,
editors hear back; go-live and expiry dates are carried out by publish_scheduled."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from editorial.factories import user_in_role
from editorial.roles import EDITORS, PUBLISHERS
from stories.models import CaseStudyPage, StoryIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return user_in_role(EDITORS)


@pytest.fixture
def publisher():
    return user_in_role(PUBLISHERS)


@pytest.fixture
def superuser():
    # Not a reviewer: WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS is off.
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "a-test-password")


def story_data(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "summary": "How one school shared its leadership.",
            "body": streamfield([("paragraph", rich_text("<p>Teachers and leaders decided together.</p>"))]),
            **extra,
        }
    )


def submit_new_story(client, editor, title, **extra):
    client.force_login(editor)
    index = StoryIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["stories", "casestudypage", index.pk])
    response = client.post(url, {**story_data(title, **extra), "action-submit": "action-submit"})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return CaseStudyPage.objects.get(title=title)


def workflow_action(client, user, page, action, **fields):
    """The reviewer's action from the edit view, which posts the form as it stands."""
    client.force_login(user)
    page = Page.objects.get(pk=page.pk).specific
    data = {
        **story_data(page.title, **fields),
        "slug": page.slug,
        "action-workflow-action": "true",
        "workflow-action-name": action,
    }
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_an_editors_submission_waits_for_review_and_emails_the_publishers(client, editor, publisher, superuser):
    story = submit_new_story(client, editor, "Sharing the work")

    assert not story.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Publisher review"
    recipients = [message.to for message in mail.outbox]
    assert recipients == [[publisher.email]]
    assert "Sharing the work" in mail.outbox[0].subject
    assert reverse("wagtailadmin_pages:edit", args=[story.pk]) in mail.outbox[0].body


def test_a_publisher_approves_and_the_page_goes_live_and_the_editor_hears(client, editor, publisher):
    story = submit_new_story(client, editor, "Approved story")
    mail.outbox.clear()

    response = workflow_action(client, publisher, story, "approve")

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.live
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "approved" in mail.outbox[0].subject.lower()


def test_a_publisher_asks_for_changes_and_the_page_stays_a_draft(client, editor, publisher):
    story = submit_new_story(client, editor, "Needs work")
    mail.outbox.clear()

    workflow_action(client, publisher, story, "reject")

    story.refresh_from_db()
    assert not story.live
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [message.to for message in mail.outbox] == [[editor.email]]


def test_an_editor_cannot_approve_their_own_submission(client, editor):
    story = submit_new_story(client, editor, "Self approved")

    workflow_action(client, editor, story, "approve")

    story.refresh_from_db()
    assert not story.live
    assert TaskState.objects.get(workflow_state__object_id=str(story.pk)).status == TaskState.STATUS_IN_PROGRESS


def test_a_go_live_date_set_by_the_editor_holds_the_approved_page_back(client, editor, publisher):
    go_live = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)
    field = go_live.strftime("%Y-%m-%d %H:%M")
    story = submit_new_story(client, editor, "Scheduled story", go_live_at=field)

    workflow_action(client, publisher, story, "approve", go_live_at=field)

    story.refresh_from_db()
    assert not story.live
    assert story.get_latest_revision().approved_go_live_at == go_live


def test_publish_scheduled_carries_out_go_live_and_expiry(home_page):
    """The command cron (or `make run`) runs: a page goes live at its date, and an expired one goes."""
    index = StoryIndexPage.objects.get()
    soon = timezone.now() + timedelta(seconds=2)
    coming = index.add_child(instance=CaseStudyPage(title="Coming soon", summary="Soon.", body=[], go_live_at=soon))
    coming.save_revision().publish()
    leaving = index.add_child(instance=CaseStudyPage(title="Leaving soon", summary="Going.", body=[], expire_at=soon))
    leaving.save_revision().publish()
    coming.refresh_from_db()
    assert not coming.live and leaving.live

    call_command("publish_scheduled")
    coming.refresh_from_db()
    assert not coming.live  # not yet

    time.sleep(max(0, (soon - timezone.now()).total_seconds()) + 0.1)
    call_command("publish_scheduled")
    coming.refresh_from_db()
    leaving.refresh_from_db()
    assert coming.live
    assert not leaving.live and leaving.expired
