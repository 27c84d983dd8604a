"""Share your school's story: the guided form, end to end in the test client, the draft case study
and its review, the emails, the spam defences and hostile input at every step."""

import time
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import Collection, WorkflowState

from editorial.roles import EDITORS, REVIEW_TASK, REVIEW_WORKFLOW
from protection.spam import HONEYPOT_FIELD, STARTED_FIELD, started_token
from stories.models import CaseStudyPage, StoryIndexPage
from storyshare.drafting import paragraphs
from storyshare.journey import SESSION_KEY
from storyshare.messages import EDITORS_GROUP
from storyshare.models import StoryEmail, StorySubmission
from storyshare.views import SPAM_FORM
from taxonomy.models import SystemCondition
from tests.utils import PDF, make_user, small_image, title_of

START = "/school-stories/share/"


def step_url(number):
    return START if number == 1 else f"{START}{number}/"


@pytest.fixture
def index(db):
    return StoryIndexPage.objects.live().get()


@pytest.fixture
def editor(db):
    return make_user("erin", Group.objects.get(name=EDITORS))


@pytest.fixture
def conditions(db):
    return list(SystemCondition.objects.live().order_by("pk")[:2])


def stamped(index, **data):
    """A post made a minute after its form appeared."""
    return {STARTED_FIELD: started_token(index, SPAM_FORM, at=time.time() - 60), **data}


def answers(conditions):
    """Valid answers for each step before the review, by step number."""
    return {
        1: {
            "school": "Cedar Ridge Middle School",
            "district": "pusd",
            "state": "SC",
            "name": "Paula Chen",
            "role": "Teacher leader",
            "email": "paula@example.org",
            "credit": "on",
        },
        2: {"challenge": "Teachers worked alone.\n\nNew staff left within two years."},
        3: {"tried": "A team of five teachers met weekly.", "conditions": [condition.slug for condition in conditions]},
        4: {"changed": "Teachers now plan together.", "evidence": "Staff turnover fell from 30% to 12%."},
        5: {"quote": "We finally own our work.", "speaker": "Dana Reyes", "speaker_role": "Grade 5", "consent": "on"},
        6: {"description_1": "Five teachers planning at a table", "release": "on"},
    }


def photo(name="team.png", content=None):
    return SimpleUploadedFile(name, small_image("PNG") if content is None else content, content_type="image/png")


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """Post to a step with the after-commit work (the emails) run as in production."""

    def post(number, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(step_url(number), data, **extra)

    return post


@pytest.fixture
def through(index, send, conditions):
    """Fill in the steps from 1 up to `last` with valid answers (photo in slot 1); returns the draft."""

    def go(last, changes=None):
        changes = changes or {}
        given = answers(conditions)
        for number in range(1, last + 1):
            data = {**given[number], **changes.get(number, {}), "action": "next"}
            if number == 1:
                data = stamped(index, **data)
            if number == 6 and "photo_1" not in data:
                data["photo_1"] = photo()
            response = send(number, data)
            assert response.status_code == 302, (number, response.content.decode()[:3000])
            assert response["Location"] == step_url(number + 1)
        return StorySubmission.objects.get()

    return go


def the_story():
    return CaseStudyPage.objects.get(slug__startswith="cedar-ridge-middle-school-story")


# --- The way in -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_stories_page_and_each_story_lead_to_the_form(client, index, demo_page):
    assert f'<a href="{START}">Share your school\'s story</a>' in client.get(index.url).content.decode()
    story = demo_page(CaseStudyPage)
    assert f'<a href="{START}">Share your school\'s story</a>' in client.get(story.url).content.decode()


@pytest.mark.django_db
def test_each_step_shows_where_the_visitor_is_and_real_buttons(client, through):
    html = client.get(START).content.decode()
    assert "Step 1 of 7: Your school" in html
    assert html.count("<li") >= 7 and '<li aria-current="step" class="steps__current">Your school</li>' in html
    assert 'name="action" value="next"' in html and 'value="back"' not in html
    assert f'name="{HONEYPOT_FIELD}"' in html and f'name="{STARTED_FIELD}"' in html

    through(2)
    html = client.get(step_url(3)).content.decode()
    assert "Step 3 of 7: What the team tried" in html
    # Steps reached are links back; later ones are not.
    assert f'<a href="{step_url(2)}">The challenge</a>' in html
    assert f'href="{step_url(4)}"' not in html
    assert 'type="submit" name="action" value="next">Next</button>' in html
    assert 'type="submit" name="action" value="back">Back</button>' in html


# --- The whole journey ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_story_sent_becomes_a_draft_case_study_in_review_with_its_emails(
    client, index, editor, conditions, through, send, django_capture_on_commit_callbacks
):
    through(6, {6: {"photo_2": photo("class.jpg", small_image("JPEG")), "description_2": "Pupils & a teacher"}})
    review = client.get(step_url(7)).content.decode()
    assert "Step 7 of 7: Check and send" in review
    assert "Cedar Ridge Middle School" in review and "New staff left within two years." in review
    assert "Five teachers planning at a table" in review and "Pupils &amp; a teacher" in review
    assert f'href="{step_url(4)}">Change these answers' in review
    assert review.count("Five teachers planning at a table") == 1

    response = send(7, stamped(index, action="send"), follow=True)
    assert response.redirect_chain == [(f"{START}thanks/", 302)]
    assert "Thank you for sharing your school's story" in response.content.decode()

    story = the_story()
    assert story.get_parent().specific == index
    assert not story.live and story.has_unpublished_changes
    assert story.title == "Cedar Ridge Middle School shares its story"
    assert story.summary == "Teachers worked alone. New staff left within two years."
    assert (story.school, story.state, story.district.acronym) == ("Cedar Ridge Middle School", "SC", "PUSD")
    assert set(story.conditions.all()) == set(conditions)
    assert [block.block_type for block in story.body] == [
        "heading", "paragraph", "heading", "paragraph", "quote",
        "heading", "paragraph", "heading", "paragraph", "image", "image", "paragraph",
    ]  # fmt: skip
    assert story.body[1].value.source == "<p>Teachers worked alone.</p><p>New staff left within two years.</p>"
    assert dict(story.body[4].value) == {
        "quote": "We finally own our work.",
        "attribution": "Dana Reyes",
        "role": "Grade 5",
    }
    images = [block.value for block in story.body if block.block_type == "image"]
    assert [image["alt_text"] for image in images] == ["Five teachers planning at a table", "Pupils & a teacher"]
    assert [image["image"].description for image in images] == [image["alt_text"] for image in images]
    assert {image["image"].collection.name for image in images} == {"Submitted by schools"}
    assert story.hero_image == images[0]["image"]
    assert story.body[-1].value.source == "<p>Shared by Paula Chen, Teacher leader.</p>"

    state = WorkflowState.objects.get(object_id=str(story.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow.name == REVIEW_WORKFLOW and state.current_task_state.task.name == REVIEW_TASK
    assert state.requested_by is None

    submission = StorySubmission.objects.get()
    assert submission.case_study == story and submission.submitted_at
    assert not submission.photos.exists()  # now Wagtail images; the uploads are gone
    to_editors = [message for message in mail.outbox if message.to == [editor.email]]
    assert len(to_editors) == 1 and to_editors[0].reply_to == ["paula@example.org"]
    assert f"/admin/pages/{story.pk}/edit/" in to_editors[0].body
    assert "Paula Chen (Teacher leader)" in to_editors[0].body
    confirmation = [message for message in mail.outbox if message.to == ["paula@example.org"]]
    assert len(confirmation) == 1 and "Cedar Ridge Middle School's story" in confirmation[0].body
    # The session no longer names the draft: the form starts afresh.
    assert client.get(step_url(2))["Location"] == START

    # Published by a publisher: the sender hears once, and not again on a later publish.
    mail.outbox.clear()
    for _ in range(2):
        story.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            story.save_revision().publish()
    live = [message for message in mail.outbox if message.to == ["paula@example.org"]]
    assert len(live) == 1 and story.get_full_url() in live[0].body
    assert StoryEmail.objects.filter(kind=StoryEmail.Kind.PUBLISHED).count() == 1


@pytest.mark.django_db
def test_a_story_without_quote_photos_or_credit_and_an_unknown_district(through, send, index, editor):
    through(5, {1: {"district": "Nowhere Unified", "credit": ""}, 5: {"quote": "", "consent": ""}})
    assert send(6, {"description_1": "", "action": "next"}).status_code == 302
    send(7, stamped(index, action="send"))
    story = the_story()
    assert story.district is None
    assert [block.block_type for block in story.body].count("image") == 0 and story.hero_image is None
    assert "quote" not in [block.block_type for block in story.body]
    assert story.body[-1].value.source == "<p>Shared by a member of the Cedar Ridge Middle School team.</p>"
    to_editors = next(message for message in mail.outbox if message.to == [editor.email])
    assert 'They named the district "Nowhere Unified"' in to_editors.body


@pytest.mark.django_db
def test_two_stories_from_one_school_get_their_own_slugs(client, through, send, index):
    through(6)
    send(7, stamped(index, action="send"))
    StorySubmission.objects.all().delete()
    through(6)
    send(7, stamped(index, action="send"))
    slugs = sorted(CaseStudyPage.objects.filter(school="Cedar Ridge Middle School").values_list("slug", flat=True))
    assert slugs == ["cedar-ridge-middle-school-story", "cedar-ridge-middle-school-story-2"]


@pytest.mark.django_db
def test_sending_twice_makes_one_story(through, send, index):
    through(6)
    submission = StorySubmission.objects.get()
    send(7, stamped(index, action="send"))
    # A second tab still holding the draft: the row is already sent, so nothing more is made.
    StorySubmission.objects.filter(pk=submission.pk).update(submitted_at=None)
    send(7, stamped(index, action="send"))
    assert CaseStudyPage.objects.filter(school="Cedar Ridge Middle School").count() == 1


# --- Nothing lost -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_failed_step_keeps_every_answer_and_back_keeps_unfinished_ones(client, through, send):
    through(3)
    response = send(4, {"changed": "Teachers <now> plan together.", "evidence": "", "action": "next"})
    assert response.status_code == 400
    html = response.content.decode()
    assert title_of(html).startswith("Error: ")
    assert 'class="error-summary" role="alert"' in html and 'href="#id_evidence"' in html
    assert "Teachers &lt;now&gt; plan together.</textarea>" in html

    # Back with the step still unfinished: kept anyway, and there when the visitor returns.
    assert send(4, {"changed": "Teachers <now> plan together.", "evidence": "Half", "action": "back"})[
        "Location"
    ] == step_url(3)
    html = client.get(step_url(4)).content.decode()
    assert "Teachers &lt;now&gt; plan together.</textarea>" in html and ">\nHalf</textarea>" in html
    # Earlier steps still hold theirs.
    assert "A team of five teachers met weekly.</textarea>" in client.get(step_url(3)).content.decode()
    assert 'value="Cedar Ridge Middle School"' in client.get(START).content.decode()


@pytest.mark.django_db
def test_steps_cannot_be_skipped(client, through):
    assert client.get(step_url(4))["Location"] == START
    through(2)
    assert client.get(step_url(6))["Location"] == step_url(3)
    assert client.get(f"{START}9/").status_code == 404
    assert client.post(step_url(7), {"action": "send"})["Location"] == step_url(3)


@pytest.mark.django_db
def test_the_review_sends_a_visitor_back_to_a_step_that_no_longer_passes(client, through, send, index):
    through(6)
    submission = StorySubmission.objects.get()
    submission.answers["evidence"] = ""
    submission.save()
    response = send(7, stamped(index, action="send"))
    assert response.status_code == 400
    assert f'<a href="{step_url(4)}">Step 4: What changed</a>' in response.content.decode()
    assert not CaseStudyPage.objects.filter(school="Cedar Ridge Middle School").exists()


@pytest.mark.django_db
def test_a_quote_needs_its_speaker_and_their_consent(through, send):
    through(4)
    response = send(5, {"quote": "We own it.", "speaker": "", "consent": "", "action": "next"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Say who said it, or leave the quote out." in html
    assert "We publish a quote only with the speaker&#x27;s agreement." in html
    assert ">\nWe own it.</textarea>" in html


@pytest.mark.django_db
def test_photos_go_through_the_upload_checks_and_good_ones_are_kept_at_once(client, through, send):
    through(5)
    response = send(
        6,
        {
            "photo_1": photo("page.png", b"<html><script>alert(1)</script></html>"),
            "description_1": "A page",
            "photo_2": photo("team.png"),
            "description_2": "",
            "photo_3": photo("report.pdf", PDF),
            "action": "next",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "File for photo 1:" in html and "File for photo 3:" in html
    assert "Describe the photo: it becomes its alt text." in html
    assert "We can publish photos only with this permission." in html
    submission = StorySubmission.objects.get()
    assert list(submission.photos.values_list("slot", flat=True)) == [2]
    assert "We have this photo." in html and 'name="remove_2"' in html

    # The kept photo needs no second upload; removing it takes it away.
    assert send(6, {"description_2": "The team", "release": "on", "action": "next"}).status_code == 302
    assert submission.photos.count() == 1
    send(6, {"remove_2": "on", "description_2": "The team", "action": "next"})
    assert not submission.photos.exists()


# --- Spam defence -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_filled_honeypot_looks_like_success_but_keeps_nothing(index, through, send, conditions):
    first = stamped(index, **answers(conditions)[1], **{HONEYPOT_FIELD: "https://spam.example"})
    assert send(1, first)["Location"] == f"{START}thanks/"
    assert not StorySubmission.objects.exists()

    through(6)
    assert send(7, stamped(index, action="send", **{HONEYPOT_FIELD: "x"}))["Location"] == f"{START}thanks/"
    assert not StorySubmission.objects.exists()
    assert not CaseStudyPage.objects.filter(school="Cedar Ridge Middle School").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_too_fast_keeps_the_answers_and_makes_nothing(index, send, through, conditions):
    data = {**answers(conditions)[1], STARTED_FIELD: started_token(index, SPAM_FORM), "school": "Kept <school>"}
    response = send(1, data)
    html = response.content.decode()
    assert response.status_code == 200 and "Please send the form again" in html
    assert 'value="Kept &lt;school&gt;"' in html
    assert not StorySubmission.objects.exists()

    through(6)
    response = send(7, {STARTED_FIELD: started_token(index, SPAM_FORM), "action": "send"})
    assert "Please send the form again" in response.content.decode()
    assert not CaseStudyPage.objects.filter(school="Cedar Ridge Middle School").exists()


@pytest.mark.usefixtures("one_rate_limit_window")
@pytest.mark.django_db
@override_settings(FORM_RATE_LIMIT=1)
def test_over_the_rate_limit_a_person_sees_a_clear_429_and_keeps_their_answers(client, index, conditions):
    first = stamped(index, **answers(conditions)[1], action="next")
    assert client.post(START, first).status_code == 302
    other = Client()
    response = other.post(START, {**first, "school": "Kept <words>"})
    assert response.status_code == 429 and response["Retry-After"] == "600"
    html = response.content.decode()
    assert "Please wait a few minutes before sending this again" in html and 'value="Kept &lt;words&gt;"' in html
    assert StorySubmission.objects.count() == 1
    assert Client(REMOTE_ADDR="203.0.113.9").post(START, first).status_code == 302


@pytest.mark.django_db
def test_every_post_needs_its_csrf_token(index, conditions):
    client = Client(enforce_csrf_checks=True)
    assert client.post(START, stamped(index, **answers(conditions)[1])).status_code == 403
    assert not StorySubmission.objects.exists()


# --- Hostile input ----------------------------------------------------------------------------

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "nul\x00byte",
    "\ud800 broken".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "line\r\nBcc: victim@example.org",
    "{{ settings.SECRET_KEY }} {% debug %}",
    "x" * 1_000_000,
]


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE, ids=["script", "attribute", "nul", "unicode", "header", "template", "1mb"])
def test_hostile_input_at_every_step_is_refused_or_escaped_never_an_error(client, index, through, send, value):
    through(6)
    fields = {
        1: ["school", "district", "state", "name", "role", "email"],
        2: ["challenge"],
        3: ["tried", "conditions"],
        4: ["changed", "evidence"],
        5: ["quote", "speaker", "speaker_role"],
        6: ["description_1"],
    }
    for number, names in fields.items():
        for name in names:
            response = send(number, {name: value, "action": "back" if number > 1 else "next"})
            assert response.status_code < 500, (number, name)
            html = client.get(step_url(number)).content.decode()
            assert "<script>alert" not in html and "<img src=x" not in html
    review = client.get(step_url(7))
    assert review.status_code == 200
    assert "<script>alert" not in review.content.decode() and "<img src=x" not in review.content.decode()


@hypothesis_settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(st.text(max_size=300), st.sampled_from(["\x00", "\ufeff\u202e", "a\r\nb", " " * 10])),
    number=st.sampled_from([2, 3, 4, 5, 6]),
    action=st.sampled_from(["next", "back", "", "bogus"]),
)
@pytest.mark.django_db
def test_fuzzed_answers_never_error_and_are_kept_as_typed(client, index, conditions, text, number, action):
    cache.clear()
    StorySubmission.objects.all().delete()
    submission = StorySubmission.objects.create(reached=7)
    session = client.session
    session[SESSION_KEY] = submission.token
    session.save()
    names = {2: "challenge", 3: "tried", 4: "evidence", 5: "quote", 6: "description_1"}
    response = client.post(step_url(number), {names[number]: text, "action": action})
    assert response.status_code in (302, 400)
    submission.refresh_from_db()
    assert submission.answers[names[number]] == text.replace("\x00", "")
    assert client.get(step_url(7)).status_code == 200


@pytest.mark.django_db
def test_hostile_words_reach_the_draft_only_as_escaped_text(client, through, send, index, editor):
    script = "<script>alert('x')</script>"
    through(6, {2: {"challenge": f"Before {script}\nafter & more"}, 5: {"speaker": f"Dana {script}"}})
    send(7, stamped(index, action="send"))
    story = the_story()
    assert (
        story.body[1].value.source
        == "<p>Before &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br/>after &amp; more</p>"
    )
    client.force_login(editor)
    preview = client.get(f"/admin/pages/{story.pk}/view_draft/").content.decode()
    assert "Before &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in preview and script not in preview
    for message in mail.outbox:
        assert message.extra_headers == {} and "\n" not in message.subject


@pytest.mark.django_db
def test_an_email_with_a_header_break_is_refused(index, send, conditions):
    data = stamped(index, **{**answers(conditions)[1], "email": "paula@example.org\r\nBcc: victim@example.org"})
    response = send(1, data)
    assert response.status_code == 400 and "Enter a valid email address." in response.content.decode()


# --- Emails and the house rules ---------------------------------------------------------------


@pytest.mark.django_db
def test_emails_a_failing_mail_server_left_are_sent_by_the_retry_command(through, send, index, editor, settings):
    through(6)
    settings.EMAIL_BACKEND = "tests.storyshare.test_share_story.FailingBackend"
    send(7, stamped(index, action="send"))
    assert StoryEmail.objects.unsent().count() == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    output = StringIO()
    call_command("send_story_emails", stdout=output)
    assert "Sent 2 of 2 owed story emails." in output.getvalue()
    assert StoryEmail.objects.unsent().count() == 0
    assert {tuple(message.to) for message in mail.outbox} == {(editor.email,), ("paula@example.org",)}


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_the_editors_group_is_the_editorial_role():
    assert EDITORS_GROUP == EDITORS


@pytest.mark.django_db
def test_the_submitted_collection_is_made_once(through, send, index):
    through(6)
    send(7, stamped(index, action="send"))
    StorySubmission.objects.all().delete()
    through(6)
    send(7, stamped(index, action="send"))
    assert Collection.objects.filter(name="Submitted by schools").count() == 1


def test_story_text_is_paragraphs_of_escaped_lines():
    assert paragraphs("One\r\ntwo\r\n\r\n\r\n<b>three</b>") == "<p>One<br/>two</p><p>&lt;b&gt;three&lt;/b&gt;</p>"
    assert paragraphs("  \n\n ") == ""


@pytest.mark.django_db
def test_drafts_never_sent_are_deleted_with_their_photos_after_30_days(through, send, index):
    through(6)
    draft = StorySubmission.objects.get()
    stored = draft.photos.get().file
    assert stored.storage.exists(stored.name)
    output = StringIO()
    call_command("purge_story_drafts", stdout=output)
    assert StorySubmission.objects.exists()
    StorySubmission.objects.update(updated_at=timezone.now() - timedelta(days=31))
    call_command("purge_story_drafts", stdout=output)
    assert "Deleted 1 story drafts untouched for 30 days." in output.getvalue()
    assert not StorySubmission.objects.exists() and not stored.storage.exists(stored.name)
