"""Comments on roundtable posts: a reader's journey, moderation and who may do it, spam and hostile
input, closing, deleting one's own comment, retention, and the page cache showing the right copy."""

import re
import smtplib
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import caches
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from comments.links import delete_token
from comments.models import Comment, CommentEmail
from comments.views import SPAM_FORM
from protection.spam import HONEYPOT_FIELD, STARTED_FIELD, started_token
from stories.models import RoundtableIndexPage, RoundtablePostPage
from tests.utils import count_queries, emails_to, make_user

pytestmark = pytest.mark.django_db

Status = Comment.Status
QUEUE = reverse("comments_queue")


@pytest.fixture
def post(demo_page):
    return demo_page(RoundtablePostPage)


@pytest.fixture
def publisher(db):
    return make_user("publisher", Group.objects.get(name="Publishers"))


@pytest.fixture
def editor(db):
    return make_user("editor", Group.objects.get(name="Editors"))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change and its after-commit work (emails, page-cache bumps), as a committed request would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def form_url(post):
    return reverse("comment_form", args=[post.pk])


def comment_data(post, **overrides):
    """What a reader sends from the comment form, a minute after it appeared."""
    return {
        STARTED_FIELD: started_token(post, SPAM_FORM, at=time.time() - 60),
        "name": "Ada Teacher",
        "email": "Ada@Example.org ",
        "body": "We tried shared planning time this year.\nIt changed how our team meets.",
        **overrides,
    }


def approved(post, body="Our principal joined the design team.", **fields):
    fields.setdefault("name", "Ben Coach")
    fields.setdefault("email", "ben@example.org")
    return Comment.objects.create(page=post, body=body, status=Status.APPROVED, approved_at=timezone.now(), **fields)


def to_moderator(address):
    return [message for message in mail.outbox if address in message.to and "waiting for review" in message.subject]


def shown(client, post):
    return client.get(post.url).content.decode()


def test_a_reader_comments_a_moderator_approves_and_the_reader_deletes_it(client, post, publisher, committed):
    page = shown(client, post)
    assert f'href="{form_url(post)}"' in page and "Add a comment" in page
    form = client.get(form_url(post))
    assert form.status_code == 200 and "csrfmiddlewaretoken" in form.content.decode()

    response = committed(client.post, form_url(post), comment_data(post))
    assert response.status_code == 302 and response["Location"] == post.url + "#comments"
    comment = Comment.objects.get(page=post)
    assert (comment.status, comment.email, comment.parent) == (Status.PENDING, "ada@example.org", None)
    page = client.get(response["Location"]).content.decode()
    assert "awaiting moderation" in page and "shared planning time" not in page

    # Neither email holds what the reader wrote; the moderators' names the queue.
    (to_reader,) = emails_to("ada@example.org")
    (to_moderators,) = to_moderator("publisher@example.org")
    assert "shared planning time" not in to_reader.body + to_moderators.body
    assert "http://testserver" + QUEUE in to_moderators.body

    moderator = Client()
    moderator.force_login(publisher)
    listing = moderator.get(QUEUE).content.decode()
    assert "shared planning time" in listing and "ada@example.org" in listing
    response = committed(moderator.post, QUEUE + "?status=pending", {"action": "approve", "comment": [comment.pk]})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED and comment.approved_at

    page = shown(Client(), post)
    assert "Ada Teacher" in page and "We tried shared planning time this year.<br>It changed" in page
    assert "ada@example.org" not in page
    index = Client().get(RoundtableIndexPage.objects.get().url).content.decode()
    assert "1 comment" in index

    delete_path = re.search(r"http://testserver(/comments/delete/\S+)", to_reader.body).group(1)
    confirm = client.get(delete_path)
    assert confirm.status_code == 200 and "Delete my comment" in confirm.content.decode()
    response = committed(client.post, delete_path)
    assert response.status_code == 302 and not Comment.objects.filter(pk=comment.pk).exists()
    assert "Ada Teacher" not in shown(Client(), post)
    assert client.get(delete_path).status_code == 404


def test_a_refresh_after_posting_does_not_post_again(client, post):
    response = client.post(form_url(post), comment_data(post), follow=True)
    assert response.redirect_chain[-1][1] == 302
    client.get(response.redirect_chain[-1][0])
    assert Comment.objects.filter(page=post).count() == 1
    again = client.post(form_url(post), comment_data(post))
    assert again.status_code == 400 and "sent already" in again.content.decode()
    assert Comment.objects.filter(page=post).count() == 1


def test_a_reply_goes_under_a_published_comment_and_only_one_level_deep(client, post):
    parent = approved(post)
    form = client.get(form_url(post), {"reply_to": parent.pk}).content.decode()
    assert f'value="{parent.pk}"' in form and "Replying to" in form
    response = client.post(form_url(post), comment_data(post, parent=parent.pk))
    assert response.status_code == 302
    reply = Comment.objects.get(parent=parent)
    reply.status = Status.APPROVED
    reply.save()

    refused = client.post(form_url(post), comment_data(post, parent=reply.pk, body="A reply to a reply."))
    assert refused.status_code == 400
    assert "no longer on the post" in refused.content.decode() and "A reply to a reply." in refused.content.decode()
    assert client.get(form_url(post), {"reply_to": "abc"}).status_code == 200
    assert client.post(form_url(post), comment_data(post, parent="abc")).status_code == 400


def test_a_pending_comment_is_never_shown_nor_counted(client, post):
    Comment.objects.create(page=post, name="Spammer", email="s@example.org", body="Buy now")
    assert "Buy now" not in shown(client, post)
    assert "1 comment" not in client.get(RoundtableIndexPage.objects.get().url).content.decode()


def test_staff_reply_in_the_organisations_name_publishes_the_comment(post, publisher, committed, settings):
    comment = Comment.objects.create(page=post, name="Cara", email="cara@example.org", body="How did you start?")
    moderator = Client()
    moderator.force_login(publisher)
    assert moderator.get(reverse("comments_reply", args=[comment.pk])).status_code == 200
    response = committed(moderator.post, reverse("comments_reply", args=[comment.pk]), {"body": "With one school."})
    assert response.status_code == 302
    comment.refresh_from_db()
    reply = comment.replies.get()
    assert comment.status == Status.APPROVED and reply.is_staff_reply and reply.status == Status.APPROVED
    page = shown(Client(), post)
    assert "With one school." in page and f"{settings.WAGTAIL_SITE_NAME}</strong> (our team)" in page


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_only_moderators_see_and_change_comments(client, post, editor, who):
    comment = Comment.objects.create(page=post, name="Cara", email="cara@example.org", body="Waiting")
    if who == "editor":
        client.force_login(editor)
    urls = [QUEUE, reverse("comments_export"), reverse("comments_reply", args=[comment.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403) and "cara@example.org" not in response.content.decode()
    assert client.post(QUEUE, {"action": "approve", "comment": [comment.pk]}).status_code in (302, 403)
    assert client.post(urls[2], {"body": "Hello"}).status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING and not comment.replies.exists()
    if who == "editor":  # the admin turns a refusal into a redirect to its dashboard with a message
        assert client.get(QUEUE)["Location"] == "/admin/"


def test_moderators_reject_mark_spam_and_export_formula_safe(client, post, publisher):
    first = Comment.objects.create(page=post, name="=HYPERLINK(1)", email="a@example.org", body="-2+3")
    second = Comment.objects.create(page=post, name="Bo", email="b@example.org", body="Cheap pills")
    client.force_login(publisher)
    client.post(QUEUE, {"action": "reject", "comment": [first.pk]})
    client.post(QUEUE, {"action": "spam", "comment": [second.pk]})
    assert [c.status for c in Comment.objects.order_by("pk")] == [Status.REJECTED, Status.SPAM]
    assert client.post(QUEUE, {"action": "delete-all", "comment": [first.pk]}).status_code == 302
    assert client.post(QUEUE, {"action": "approve", "comment": ["x"]}).status_code == 302
    assert "Cheap pills" in client.get(QUEUE, {"status": "spam"}).content.decode()
    editor_client = Client()
    editor_client.force_login(make_user("other-editor", Group.objects.get(name="Editors")))
    editor_client.post(QUEUE, {"action": "delete", "comment": [second.pk]})
    assert Comment.objects.filter(pk=second.pk).exists()
    assert client.get(QUEUE, {"status": "nonsense", "p": "zz"}).status_code == 200
    assert client.post(QUEUE, {"action": "delete", "comment": [second.pk]}).status_code == 302
    assert not Comment.objects.filter(pk=second.pk).exists()
    export = b"".join(client.get(reverse("comments_export"), {"status": "rejected"}).streaming_content).decode()
    assert '"\'=HYPERLINK(1)"' in export and '"\'-2+3"' in export and "a@example.org" in export


def test_spam_defences_refuse_and_keep_what_was_typed(client, post, settings):
    # A robot filling the honeypot sees success and leaves nothing behind.
    robot = client.post(form_url(post), comment_data(post, **{HONEYPOT_FIELD: "http://spam.example"}))
    assert robot.status_code == 302
    too_fast = client.post(form_url(post), comment_data(post, **{STARTED_FIELD: started_token(post, SPAM_FORM)}))
    assert too_fast.status_code == 200 and "It changed how our team meets." in too_fast.content.decode()
    forged = client.post(form_url(post), comment_data(post, **{STARTED_FIELD: "forged"}))
    assert forged.status_code == 200 and "Please send the form again" in forged.content.decode()
    links = "See http://a.example, www.b.example and https://c.example"
    too_many = client.post(form_url(post), comment_data(post, body=links))
    assert too_many.status_code == 400 and "at most 2" in too_many.content.decode()
    assert links in too_many.content.decode()
    assert not Comment.objects.exists() and not mail.outbox

    settings.COMMENT_RATE_LIMIT = 1
    assert client.post(form_url(post), comment_data(post)).status_code == 302
    limited = client.post(form_url(post), comment_data(post, body="A second thought."))
    assert limited.status_code == 429 and limited["Retry-After"]
    assert "A second thought." in limited.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"body": "<script>alert(1)</script>", "name": '"><img src=x onerror=alert(1)>'},
        {"body": "x" * 1_000_000},
        {"body": "nul \x00 byte"},
        {"email": "a@example.org\r\nBcc: victim@example.org"},
        {"body": ""},
        {"name": "n" * 500},
    ],
)
def test_hostile_input_is_refused_or_escaped_never_a_server_error(client, post, overrides):
    response = client.post(form_url(post), comment_data(post, **overrides))
    assert response.status_code in (302, 400)
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "<img src=x" not in response.content.decode()
    for comment in Comment.objects.all():
        comment.status = Status.APPROVED
        comment.save()
        page = shown(client, post)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
        assert "<img src=x" not in page


def test_links_in_comments_are_not_clickable(client, post):
    approved(post, body="Read https://evil.example/page for more")
    page = shown(client, post)
    assert "https://evil.example/page" in page and 'href="https://evil.example' not in page


def test_the_form_needs_a_csrf_token(post):
    response = Client(enforce_csrf_checks=True).post(form_url(post), comment_data(post))
    assert response.status_code == 403 and not Comment.objects.exists()


def test_comments_close_after_the_set_days_keeping_what_was_typed(client, post, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    assert "Comments on this post are closed." in shown(client, post)
    assert client.get(form_url(post)).status_code == 403
    response = client.post(form_url(post), comment_data(post))
    assert response.status_code == 403 and "It changed how our team meets." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_post_that_is_not_live_takes_no_comments(client, post):
    post.unpublish()
    assert client.get(form_url(post)).status_code == 404
    assert client.post(form_url(post), comment_data(post)).status_code == 404


def test_an_address_with_an_approved_comment_is_published_at_once_when_trusted(client, post, settings):
    approved(post, email="ada@example.org")
    assert client.post(form_url(post), comment_data(post)).status_code == 302
    assert Comment.objects.latest("pk").status == Status.PENDING
    settings.COMMENTS_TRUST_APPROVED_AUTHORS = True
    assert client.post(form_url(post), comment_data(post, body="And another thought.")).status_code == 302
    assert Comment.objects.latest("pk").status == Status.APPROVED
    assert "And another thought." in shown(Client(), post)


def test_moderators_are_emailed_at_most_once_in_a_while(client, post, publisher, committed):
    committed(client.post, form_url(post), comment_data(post))
    committed(client.post, form_url(post), comment_data(post, body="Second one."))
    assert len(to_moderator("publisher@example.org")) == 1
    assert CommentEmail.objects.filter(kind=CommentEmail.Kind.DELETE_LINK).count() == 2


def test_forged_or_expired_delete_links_open_nothing(client, post, settings):
    comment = approved(post)
    assert client.get("/comments/delete/not-a-token/").status_code == 404
    assert client.post("/comments/delete/not-a-token/").status_code == 404
    from_email = reverse("delete_comment", args=["x"])
    assert client.get(from_email).status_code == 404
    settings.COMMENTS_DELETE_LINK_DAYS = 0
    token = delete_token(comment)
    time.sleep(1)
    assert client.post(reverse("delete_comment", args=[token])).status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_purge_deletes_old_rejected_and_spam_only(post):
    old = timezone.now() - timedelta(days=31)
    kept = approved(post, created_at=old)
    pending = Comment.objects.create(page=post, name="P", email="p@example.org", body="p", created_at=old)
    for status in (Status.REJECTED, Status.SPAM):
        Comment.objects.create(page=post, name="R", email="r@example.org", body=status, status=status, created_at=old)
    recent = Comment.objects.create(page=post, name="N", email="n@example.org", body="new", status=Status.SPAM)
    call_command("purge_comments", verbosity=0)
    assert set(Comment.objects.values_list("pk", flat=True)) == {kept.pk, pending.pk, recent.pk}


def test_the_roundtable_counts_comments_in_the_listings_query(client, post):
    index = RoundtableIndexPage.objects.get()
    before = count_queries(client, index.url)
    for other in RoundtablePostPage.objects.live().child_of(index):
        approved(other)
        approved(other, body="Another one.")
    assert count_queries(client, index.url) == before
    assert "2 comments" in client.get(index.url).content.decode()


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_TIMEOUT = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_the_cached_post_never_shows_a_pending_comment_and_shows_an_approved_one_at_once(
    page_cache, post, publisher, committed
):
    index_url = RoundtableIndexPage.objects.get().url
    for url in (post.url, index_url):
        assert Client().get(url)["X-Cache"] == "MISS"
        assert Client().get(url)["X-Cache"] == "HIT"
    reader = Client()
    committed(reader.post, form_url(post), comment_data(post))
    # The reader's own view has their message; it is neither served from nor stored in the shared copy.
    own = reader.get(post.url)
    assert "awaiting moderation" in own.content.decode() and "X-Cache" not in own
    shared = Client().get(post.url)
    assert shared["X-Cache"] == "HIT" and "shared planning time" not in shared.content.decode()
    assert "awaiting moderation" not in shared.content.decode()

    moderator = Client()
    moderator.force_login(publisher)
    committed(moderator.post, QUEUE, {"action": "approve", "comment": [Comment.objects.get().pk]})
    fresh = Client().get(post.url)
    assert fresh["X-Cache"] == "MISS" and "shared planning time" in fresh.content.decode()
    index = Client().get(index_url)
    assert index["X-Cache"] == "MISS" and "1 comment" in index.content.decode()


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPResponseException(421, b"Service not available")


def test_a_failing_mail_server_keeps_the_comment_and_its_emails_are_retried(client, post, publisher, committed):
    with override_settings(EMAIL_BACKEND=f"{__name__}.FailingBackend"):
        assert committed(client.post, form_url(post), comment_data(post)).status_code == 302
    owed = CommentEmail.objects.filter(comment__page=post)
    assert set(owed.values_list("sent_at", "attempts")) == {(None, 1)} and owed.count() == 2
    out = StringIO()
    call_command("send_comment_emails", stdout=out)
    assert "Sent 2 of 2 owed comment emails" in out.getvalue()
    assert emails_to("ada@example.org") and to_moderator("publisher@example.org")
