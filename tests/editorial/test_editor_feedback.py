"""Issue 18: editors publish without a developer and without surprises. Each test goes through the
admin's URLs as an Editor or a Publisher would."""

import html
from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html, rich_text, streamfield

from editorial.factories import user_in_role
from editorial.roles import EDITORS, PUBLISHERS
from home.models import HomePage
from playbook.models import PlaybookPage
from stories.factories import CaseStudyPageFactory
from stories.models import CaseStudyPage, RoundtableIndexPage, RoundtablePostPage, StoryIndexPage
from taxonomy.models import Person, SystemCondition
from tests.editorial.test_review_workflow import story_data, submit_new_story, workflow_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(user_in_role(EDITORS))
    return client


@pytest.fixture
def publisher_client(client):
    client.force_login(user_in_role(PUBLISHERS))
    return client


def messages_of(response):
    return [html.unescape(strip_tags(str(message))).strip() for message in get_messages(response.wsgi_request)]


def add_story_url():
    return reverse("wagtailadmin_pages:add", args=["stories", "casestudypage", StoryIndexPage.objects.get().pk])


# --- 1. Starting a page again after autosave made a draft of it ---------------------------------


def test_starting_a_page_again_after_autosave_gives_it_a_free_slug_and_names_the_draft(editor_client):
    # Autosave creates the draft as soon as the editor types: the tab is then closed.
    autosave = editor_client.post(
        add_story_url(), story_data("Teachers at the table"), headers={"accept": "application/json"}
    )
    assert autosave.json()["success"]
    draft = CaseStudyPage.objects.get(slug="teachers-at-the-table")

    # Add again, same title: the title fills in the same slug.
    response = editor_client.post(add_story_url(), story_data("Teachers at the table"))

    assert response.status_code == 302
    again = CaseStudyPage.objects.exclude(pk=draft.pk).get(title="Teachers at the table")
    assert again.slug == "teachers-at-the-table-2"
    assert any(
        "“Teachers at the table” already had the address “teachers-at-the-table”, so this page’s is "
        "“teachers-at-the-table-2”" in message
        for message in messages_of(response)
    )
    edit_draft = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert edit_draft in editor_client.get(response.url).content.decode()


def test_a_slug_typed_by_hand_that_is_taken_is_named_in_the_message_at_the_top(editor_client):
    editor_client.post(add_story_url(), story_data("Teachers at the table"))
    pages_before = CaseStudyPage.objects.count()

    response = editor_client.post(add_story_url(), story_data("Another story", slug="teachers-at-the-table"))

    assert response.status_code == 200
    assert CaseStudyPage.objects.count() == pages_before
    message = messages_of(response)[-1]
    assert message.startswith("The page could not be created due to validation errors.")
    assert (
        "Another page here, “Teachers at the table”, already has the address “teachers-at-the-table”. "
        "Change the slug on the Promotion and SEO tab." in message
    )
    assert response.context["form"]["title"].value() == "Another story"  # nothing typed is lost


# --- 8. The home page's featured stories and voices ----------------------------------------------


def home_form(client, home):
    """The home page's edit form as it stands, but for the services (a stream the page's script renders)."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    data.update(nested_form_data({"services": streamfield([])}))
    return data


def post_home(client, home, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=[home.pk]), {**data.dict(), "action-publish": "1"})


def test_a_voice_whose_person_was_swapped_cannot_keep_the_first_persons_post(publisher_client, home_page):
    data = home_form(publisher_client, home_page)
    first = home_page.voice_items.first()
    other = Person.objects.exclude(roundtable_posts__page=first.post).filter(roundtable_posts__isnull=False).first()
    data["voice_items-0-person"] = str(other.pk)

    response = post_home(publisher_client, home_page, data)

    assert response.status_code == 200
    assert (
        f"“{first.post.title}” is not by {other.name}. Choose one of their roundtable posts, "
        "or leave this empty to link their newest." in strip_tags(response.content.decode())
    )
    assert home_page.voice_items.first().person == first.person


def test_a_voice_without_a_post_links_the_persons_newest(publisher_client, home_page, client):
    data = home_form(publisher_client, home_page)
    person = home_page.voice_items.first().person
    data["voice_items-0-post"] = ""
    assert post_home(publisher_client, home_page, data).status_code == 302

    newest = RoundtablePostPage.objects.live().filter(authors__person=person).order_by("-date").first()
    client.logout()
    assert f"Read “{newest.title}”" in client.get(home_page.url).content.decode()


def story_rows(data, pages):
    """The featured stories' form with the chosen ones removed and these pages added, in order."""
    chosen = int(data["featured_story_items-TOTAL_FORMS"])
    for index in range(chosen):
        data[f"featured_story_items-{index}-DELETE"] = "1"
    for index, page in enumerate(pages, start=chosen):
        data[f"featured_story_items-{index}-page"] = str(page.pk)
        data[f"featured_story_items-{index}-ORDER"] = str(index + 1)
        data[f"featured_story_items-{index}-DELETE"] = ""
        data[f"featured_story_items-{index}-id"] = ""
    data["featured_story_items-TOTAL_FORMS"] = str(chosen + len(pages))
    return data


def test_up_to_six_featured_stories_are_shown_in_order(publisher_client, home_page, client):
    stories = [CaseStudyPageFactory(parent=StoryIndexPage.objects.get()) for _ in range(6)]
    response = post_home(publisher_client, home_page, story_rows(home_form(publisher_client, home_page), stories))
    assert response.status_code == 302

    client.logout()
    html = client.get(home_page.url).content.decode()
    positions = [html.index(story.title) for story in stories]
    assert positions == sorted(positions)


def test_too_many_featured_stories_get_one_clear_message(publisher_client, home_page):
    stories = [CaseStudyPageFactory(parent=StoryIndexPage.objects.get()) for _ in range(7)]
    response = post_home(publisher_client, home_page, story_rows(home_form(publisher_client, home_page), stories))

    assert response.status_code == 200
    text = strip_tags(response.content.decode())
    assert "Choose at most 6 stories: remove one before adding another." in text
    assert "Please submit at most" not in text and "This field is required" not in text


def test_swapping_a_featured_story_says_only_what_is_missing(publisher_client, home_page):
    """Three stories, one removed, a row added but no story chosen yet: Django also said "at most 3"."""
    data = home_form(publisher_client, home_page)
    data["featured_story_items-0-DELETE"] = "1"
    for index in (3, 4, 5):
        data[f"featured_story_items-{index}-page"] = ""
        data[f"featured_story_items-{index}-ORDER"] = str(index + 1)
        data[f"featured_story_items-{index}-DELETE"] = ""
        data[f"featured_story_items-{index}-id"] = ""
    data["featured_story_items-TOTAL_FORMS"] = "6"

    response = post_home(publisher_client, home_page, data)

    assert response.status_code == 200
    text = strip_tags(response.content.decode())
    assert "This field is required" in text
    assert "at most" not in text


def test_fewer_featured_stories_than_a_row_are_topped_up_with_the_newest(publisher_client, home_page, client):
    chosen = home_page.featured_story_items.first().page
    response = post_home(publisher_client, home_page, story_rows(home_form(publisher_client, home_page), [chosen]))
    assert response.status_code == 302

    client.logout()
    assert len(HomePage.objects.get().featured_stories()) == 3


@pytest.mark.parametrize(
    ("prefix", "index_model"),
    [("featured_story_items", StoryIndexPage), ("voice_items", RoundtableIndexPage)],
)
def test_the_home_pages_choosers_open_at_their_section(editor_client, home_page, prefix, index_model):
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[home_page.pk])).content.decode()
    model = "casestudypage" if index_model is StoryIndexPage else "roundtablepostpage"
    assert f"stories.{model}" in html
    response = editor_client.get(reverse("wagtailadmin_choose_page"), {"page_type": f"stories.{model}"})
    assert response.context["parent_page"].specific_class is index_model


# --- 10. The roundtable's series note and a scheduled post's date ----------------------------------


def test_the_series_note_counts_the_posts_and_spans_their_months(client, demo_page):
    index = demo_page(RoundtableIndexPage)
    posts = RoundtablePostPage.objects.child_of(index).live().order_by("date")
    first, last = posts.first().date, posts.last().date
    assert first.year == last.year and first.month != last.month  # the demo's series: two months of one year

    text = strip_tags(client.get(posts.first().url).content.decode())

    months = f"{first:%B}–{last:%B %Y}"
    assert f"One of {posts.count()} posts in the roundtable, published {months}." in text
    assert "March–April roundtable" not in text  # the demo's old fixed note


def test_a_scheduled_post_is_dated_the_day_it_goes_live(publisher_client):
    index = RoundtableIndexPage.objects.get()
    written = timezone.localdate()
    go_live = (timezone.localtime() + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    data = nested_form_data(
        {
            "title": "Leading from the classroom",
            "slug": "leading-from-the-classroom",
            "date": written.isoformat(),
            "authors": inline_formset([{"person": Person.objects.first().pk}], min=1),
            "intro": "An opening paragraph.",
            "body": streamfield([("paragraph", rich_text("<p>What we learned.</p>"))]),
            "go_live_at": go_live.strftime("%Y-%m-%d %H:%M"),
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["stories", "roundtablepostpage", index.pk])
    assert publisher_client.post(url, {**data, "action-publish": "1"}).status_code == 302
    post = RoundtablePostPage.objects.get(slug="leading-from-the-classroom")
    assert not post.live and post.date == written

    with time_machine.travel(go_live + timedelta(minutes=5)):
        call_command("publish_scheduled")

    post.refresh_from_db()
    assert post.live and post.date == go_live.date()
    edit = publisher_client.get(reverse("wagtailadmin_pages:edit", args=[post.pk]))
    assert edit.context["form"]["date"].value() == go_live.date()


def test_a_post_dated_after_its_go_live_day_keeps_its_date(home_page):
    index = RoundtableIndexPage.objects.get()
    go_live = timezone.now() + timedelta(days=1)
    dated = timezone.localdate() + timedelta(days=10)
    post = index.add_child(
        instance=RoundtablePostPage(title="Dated later", date=dated, intro="Later.", body=[], go_live_at=go_live)
    )
    post.save_revision().publish()

    with time_machine.travel(go_live + timedelta(minutes=5)):
        call_command("publish_scheduled")

    post.refresh_from_db()
    assert post.live and post.date == dated


# --- 4. Reviews say what they did ----------------------------------------------------------------


@pytest.fixture
def editor():
    return user_in_role(EDITORS, username="eddie")


@pytest.fixture
def publisher():
    return user_in_role(PUBLISHERS, username="pat")


def dashboard_action(client, publisher, page, action, **data):
    """The dashboard's review buttons post here (Request changes through a dialog, for its comment)."""
    client.force_login(publisher)
    task_state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {**data, "next": reverse("wagtailadmin_home")})


def test_approve_on_the_dashboard_says_the_page_is_published(client, editor, publisher):
    story = submit_new_story(client, editor, "Approved from the dashboard")
    dashboard = client.force_login(publisher) or client.get(reverse("wagtailadmin_home")).content.decode()
    task_state = TaskState.objects.get(workflow_state__object_id=str(story.pk), status=TaskState.STATUS_IN_PROGRESS)
    assert reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]) in dashboard

    response = dashboard_action(client, publisher, story, "approve")

    assert response.status_code == 302
    assert "“Approved from the dashboard” is approved and published." in messages_of(response)


def test_approve_in_the_editor_says_published_not_updated(client, editor, publisher):
    story = submit_new_story(client, editor, "Approved in the editor")

    response = workflow_action(client, publisher, story, "approve")

    assert messages_of(response)[-1] == "“Approved in the editor” is approved and published."
    assert not any("has been updated" in message for message in messages_of(response))


def test_approve_with_a_go_live_date_says_when_it_goes_live(client, editor, publisher):
    go_live = (timezone.localtime() + timedelta(days=2)).replace(hour=9, minute=30, second=0, microsecond=0)
    field = go_live.strftime("%Y-%m-%d %H:%M")
    story = submit_new_story(client, editor, "Approved for later", go_live_at=field)

    response = workflow_action(client, publisher, story, "approve", go_live_at=field)

    when = f"{go_live.day} {go_live:%B %Y}, 9:30 AM"
    assert messages_of(response)[-1] == f"“Approved for later” is approved and scheduled: it goes live on {when}."


def test_changes_requested_are_said_as_such_and_the_comment_shows_in_the_editor(client, editor, publisher):
    story = submit_new_story(client, editor, "Needs a better opening")
    mail.outbox.clear()

    response = dashboard_action(client, publisher, story, "reject", comment="Start with the teachers' own words.")

    assert messages_of(response)[-1] == (
        "Changes requested on “Needs a better opening”: whoever submitted it is emailed, with your comment. "
        "It stays a draft."
    )
    [email] = mail.outbox
    assert email.to == [editor.email]
    assert email.subject == "Changes requested: “Needs a better opening”"
    assert "pat asked for changes to “Needs a better opening” before it is published." in email.body
    assert "Their comment: “Start with the teachers' own words.”" in email.body
    assert "rejected" not in (email.subject + email.body).lower()

    client.force_login(editor)
    editing = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert (
        "pat asked for changes: “Start with the teachers' own words.” Make them, then submit the page for review again."
        in messages_of(editing)
    )


# --- 6. System conditions are drafts until a publisher publishes them ------------------------------


def condition_data(name, **fields):
    return nested_form_data(
        {
            "name": name,
            "slug": slugify(name),
            "short_description": "Teams decide together how time is used.",
            "statements": inline_formset([{"text": "We plan our time together."}]),
            **fields,
        }
    )


def public_pages_text(client):
    client.logout()
    pages = [StoryIndexPage.objects.get(), PlaybookPage.objects.live().get()]
    return " ".join(strip_tags(client.get(page.url).content.decode()) for page in pages)


def test_a_new_condition_saved_as_a_draft_stays_off_the_site_until_published(client, publisher):
    client.force_login(publisher)
    add = reverse("wagtailsnippets_taxonomy_systemcondition:add")
    assert client.post(add, condition_data("Shared time")).status_code == 302
    condition = SystemCondition.objects.get(name="Shared time")
    assert not condition.live
    assert "Shared time" not in public_pages_text(client)

    client.force_login(publisher)
    edit = reverse("wagtailsnippets_taxonomy_systemcondition:edit", args=[condition.pk])
    statements = {"statements-0-id": str(condition.statements.get().pk)}
    response = client.post(edit, {**condition_data("Shared time"), **statements, "action-publish": "1"})
    assert response.status_code == 302
    assert SystemCondition.objects.get(pk=condition.pk).live
    assert "Shared time" in public_pages_text(client)


def test_a_change_to_a_live_condition_waits_for_publishing_and_can_be_previewed(client, publisher):
    condition = SystemCondition.objects.live().first()
    client.force_login(publisher)
    edit = reverse("wagtailsnippets_taxonomy_systemcondition:edit", args=[condition.pk])
    data = condition_data("Renamed condition", slug=condition.slug, statements=inline_formset([]))

    assert client.post(edit, data).status_code == 302
    assert SystemCondition.objects.get(pk=condition.pk).name == condition.name
    assert condition.name in public_pages_text(client) and "Renamed condition" not in public_pages_text(client)

    client.force_login(publisher)
    preview = reverse("wagtailsnippets_taxonomy_systemcondition:preview_on_edit", args=[condition.pk])
    assert client.post(preview, data).json()["is_valid"]
    assert "Renamed condition" in strip_tags(client.get(preview).content.decode())


def test_a_drafts_schedule_says_it_applies_when_the_draft_is_published(publisher_client, home_page):
    index = RoundtableIndexPage.objects.get()
    post = index.add_child(
        instance=RoundtablePostPage(title="Planned", date=timezone.localdate(), intro="Soon.", body=[])
    )
    post.go_live_at = timezone.now() + timedelta(days=2)
    post.save_revision()

    html = publisher_client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()

    assert "When you publish this draft:" in html
    assert "Once scheduled" not in html


# --- The in-admin guide ------------------------------------------------------------------------


def test_editors_find_the_sites_own_guide_in_help_and_on_the_dashboard(editor_client):
    guide = reverse("editors_guide")
    dashboard = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert guide in dashboard and "Writing for this site" in dashboard

    page = editor_client.get(guide)
    assert page.status_code == 200
    text = strip_tags(page.content.decode())
    for section in ("A school story", "Choosing images", "Writing alt text", "Which block, when"):
        assert section in text
    # Read from the page types and their blocks: a block's own description is its advice.
    stories = next(advice for advice in page.context["page_types"] if advice.label == "Case study")
    blocks = {block.label: block.description for block in stories.blocks}
    assert blocks["Quote"] == "A short quotation set apart from the text."


def test_the_guide_is_for_signed_in_staff(client):
    assert client.get(reverse("editors_guide")).status_code == 302
