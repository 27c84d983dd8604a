"""Issue 20's three journeys once each in a real browser, against the site on a live server: a reader
comments and sees it after a publisher approves it; a reader subscribes, confirms, gets the next post and
unsubscribes; a school shares its story and finds it published after review."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from comments.models import Comment
from editorial.factories import user_in_role
from editorial.roles import PUBLISHERS
from stories.models import CaseStudyPage, RoundtableIndexPage, RoundtablePostPage
from subscriptions.models import Subscriber
from tests.editorial.test_editor_journey import CHROMIUM, PASSWORD, chromium, expect, log_in  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed"),
]


@pytest.fixture
def reader(chromium, live_server, committed_demo_site, settings):  # noqa: F811
    # The forms' minimum fill time is tested in each app; a test types faster than a person.
    settings.FORM_MIN_FILL_SECONDS = 0
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def link_in(message, pattern):
    return re.search(rf"https?://[^/\s]+({pattern}\S*)", message.body).group(1)


def test_a_reader_comments_and_sees_it_once_a_publisher_approves_it(reader, log_in):  # noqa: F811
    post = RoundtablePostPage.objects.live().order_by("-first_published_at").first()
    reader.goto(post.url)
    reader.get_by_role("link", name="Add a comment").click()
    reader.get_by_label("Your name").fill("Ada Teacher")
    reader.get_by_label("Email address").fill("ada@example.org")
    reader.get_by_label("Your comment").fill("Our team now plans the timetable together.")
    with reader.expect_navigation():
        reader.get_by_role("button", name="Send comment").click()
    expect(reader.get_by_text("awaiting moderation")).to_be_visible()
    expect(reader.get_by_text("plans the timetable together")).to_have_count(0)

    publisher = log_in(user_in_role(PUBLISHERS, password=PASSWORD))
    publisher.goto("/admin/comments/?status=pending")
    publisher.get_by_label("Choose the comment by Ada Teacher").check()
    with publisher.expect_navigation():
        publisher.get_by_role("button", name="Publish", exact=True).click()
    assert Comment.objects.get(name="Ada Teacher").status == Comment.Status.APPROVED

    reader.goto(post.url)
    expect(reader.get_by_text("Our team now plans the timetable together.")).to_be_visible()
    expect(reader.get_by_text("ada@example.org")).to_have_count(0)


def test_a_reader_subscribes_gets_the_next_post_and_unsubscribes(reader):
    reader.goto("/subscribe/")
    reader.get_by_label("Email address").fill("reader@example.org")
    reader.get_by_label("Roundtable posts").check()
    with reader.expect_navigation():
        reader.get_by_role("button", name="Subscribe").click()
    expect(reader.get_by_text(re.compile("check your inbox", re.IGNORECASE)).first).to_be_visible()

    reader.goto(link_in(mail.outbox[-1], "/subscribe/confirm/"))
    with reader.expect_navigation():
        reader.get_by_role("button", name="Yes, confirm").click()
    assert Subscriber.objects.get(email="reader@example.org").confirmed_at

    index = RoundtableIndexPage.objects.get()
    post = index.add_child(
        instance=RoundtablePostPage(title="Teachers leading the timetable", date=timezone.localdate(), intro="New.")
    )
    post.save_revision().publish()
    (news,) = [message for message in mail.outbox if message.subject == "New: Teachers leading the timetable"]
    assert news.to == ["reader@example.org"]

    reader.goto(link_in(news, "/subscribe/unsubscribe/"))
    with reader.expect_navigation():
        reader.get_by_role("button", name="Yes, unsubscribe").click()
    assert not Subscriber.objects.filter(email="reader@example.org").exists()


def test_a_school_shares_its_story_and_finds_it_published_after_review(reader, log_in):  # noqa: F811
    reader.goto("/school-stories/")
    reader.get_by_role("link", name="Share your school's story").first.click()
    # Each step's answers, by field name; the quote and photos are optional.
    answers = [
        {
            "school": "Riverside Elementary",
            "name": "Paula Chen",
            "role": "Teacher leader",
            "email": "paula@example.org",
        },
        {"challenge": "New teachers left after a year, and nobody owned their induction."},
        {"tried": "Four teachers took over induction and met every week."},
        {"changed": "New teachers stayed.", "evidence": "Nine of ten stayed a second year."},
        {},
        {},
    ]
    reader.locator('select[name="state"]').select_option(label="California")
    for step in answers:
        for name, text in step.items():
            reader.locator(f'main [name="{name}"]').fill(text)
        with reader.expect_navigation():
            reader.get_by_role("button", name="Next").click()
    expect(reader.get_by_text("Nine of ten stayed a second year.")).to_be_visible()  # the review step
    with reader.expect_navigation():
        reader.get_by_role("button", name="Send my story").click()

    story = CaseStudyPage.objects.get(title__startswith="Riverside Elementary")
    assert not story.live and story.current_workflow_state.status == "in_progress"
    assert any(message.to == ["paula@example.org"] for message in mail.outbox)

    publisher = log_in(user_in_role(PUBLISHERS, password=PASSWORD))
    publisher.goto(f"/admin/pages/{story.pk}/edit/")
    publisher.get_by_role("button", name="More actions").click()
    with publisher.expect_navigation():
        publisher.get_by_role("button", name="Approve and Publish", exact=True).click()
    story.refresh_from_db()
    assert story.live
    assert any(message.to == ["paula@example.org"] and "live" in message.subject for message in mail.outbox)
    reader.goto(story.url)
    expect(reader.get_by_text("Four teachers took over induction")).to_be_visible()
