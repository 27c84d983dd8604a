"""Email subscriptions as a reader meets them: subscribe, confirm by the emailed link, get the next
page, manage, unsubscribe in one click; each page once per subscriber whatever is republished or
rerun; the form's spam defence and hostile input; and the staff's list."""

import datetime
import re
import time
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from protection.spam import HONEYPOT_FIELD, STARTED_FIELD, started_token
from stories.factories import CaseStudyPageFactory, RoundtableIndexPageFactory, RoundtablePostPageFactory
from stories.models import RoundtableIndexPage, StoryIndexPage
from subscriptions.delivery import at_once_subscribers, deliver_batch, deliver_new_page
from subscriptions.models import Delivery, Subscriber, SubscriptionEmail
from subscriptions.views import SPAM_FORM
from tests.utils import concurrent, emails_to, make_user, routable_home_page

SUBSCRIBE = "/subscribe/"
# A subscriber's link in an email, as they click it: (path, "confirm", "manage" or "unsubscribe").
EMAILED_LINK = re.compile(r"https?://[^/\s]+(/subscribe/(confirm|manage|unsubscribe)/[A-Za-z0-9_-]+/)")


def links_in(message):
    return {kind: path for path, kind in EMAILED_LINK.findall(message.body)}


def subscribe_data(home_page, email="reader@example.org", lists=("roundtable", "stories", "webinars"), **overrides):
    """What a person sends from the subscribe page, a minute after it appeared."""
    return {
        "email": email,
        "lists": list(lists),
        "frequency": "at_once",
        STARTED_FIELD: started_token(home_page, SPAM_FORM, at=time.time() - 60),
        **overrides,
    }


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Post as the client, sending the emails the post owes (after its commit)."""

    def send(url, data, client=client, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **extra)

    return send


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page as Wagtail does (page_published), running what its commit queues."""

    def go(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return go


@pytest.fixture
def new_post():
    def make(**kwargs):
        return RoundtablePostPageFactory(parent=RoundtableIndexPage.objects.first(), live=False, **kwargs)

    return make


@pytest.fixture
def subscribed(home_page, post, client):
    """A confirmed subscriber, made through the pages: subscribe, then the confirmation link."""

    def make(email="reader@example.org", **data):
        post(SUBSCRIBE, subscribe_data(home_page, email, **data))
        confirm = links_in(emails_to(email)[-1])["confirm"]
        post(confirm, {})
        mail.outbox.clear()
        return Subscriber.objects.get(email=email)

    return make


def test_a_reader_subscribes_confirms_gets_the_next_post_and_unsubscribes_in_one_click(
    client, home_page, post, publish, new_post
):
    form = client.get(SUBSCRIBE)
    assert form.status_code == 200
    assert f'name="{HONEYPOT_FIELD}"' in form.content.decode()
    response = post(SUBSCRIBE, subscribe_data(home_page, "Reader@Example.org ", lists=["roundtable"]))
    assert response.status_code == 302
    assert "check your inbox" in client.get(response.url).content.decode().lower()

    (confirmation,) = mail.outbox
    assert confirmation.to == ["reader@example.org"]
    links = links_in(confirmation)
    # A mail scanner following the link confirms nothing: the page asks, the button confirms.
    assert "Yes, confirm" in client.get(links["confirm"]).content.decode()
    assert Subscriber.objects.get().confirmed_at is None
    publish(new_post(title="Before confirming"))
    assert len(mail.outbox) == 1

    confirmed = post(links["confirm"], {})
    assert confirmed.url == links["manage"]
    assert Subscriber.objects.get().confirmed_at is not None

    publish(new_post(title="Teachers leading the timetable"))
    (news,) = mail.outbox[1:]
    assert news.subject == "New: Teachers leading the timetable"
    assert "/roundtable/" in news.body
    unsubscribe_url = re.fullmatch(r"<(https?://[^>]+)>", news.extra_headers["List-Unsubscribe"]).group(1)
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert links_in(news)["manage"] in news.body

    # RFC 8058: the mail client posts the body below to the header's address, with no cookie or token.
    path = urlsplit(unsubscribe_url).path
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert not SubscriptionEmail.objects.exists()
    publish(new_post(title="After leaving"))
    assert len(mail.outbox) == 2
    # The link now opens nothing.
    assert client.get(path).status_code == 404


def test_unsubscribing_from_the_email_link_asks_first_then_the_button_does_it(subscribed, client):
    subscriber = subscribed()
    path = reverse("subscriptions:unsubscribe", args=[subscriber.token])
    page = client.get(path)
    assert page.status_code == 200
    assert "Yes, unsubscribe" in page.content.decode()
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert Client(enforce_csrf_checks=True).post(path).status_code == 200
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()
    # A second post (a client retrying) is answered the same.
    assert Client(enforce_csrf_checks=True).post(path).status_code == 200


def test_only_the_unsubscribe_link_goes_without_a_csrf_token(home_page, subscribed):
    subscriber = subscribed()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(SUBSCRIBE, subscribe_data(home_page, "new@example.org")).status_code == 403
    assert strict.post(reverse("subscriptions:manage", args=[subscriber.token]), {}).status_code == 403
    assert strict.post(reverse("subscriptions:confirm", args=[subscriber.token]), {}).status_code == 403
    assert not Subscriber.objects.filter(email="new@example.org").exists()


def test_the_manage_link_changes_lists_and_frequency_without_signing_in(subscribed, client, publish, new_post):
    subscriber = subscribed()
    path = reverse("subscriptions:manage", args=[subscriber.token])
    page = client.get(path).content.decode()
    assert subscriber.email in page
    response = client.post(path, {"lists": ["stories"], "frequency": "weekly"})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert (subscriber.roundtable, subscriber.stories, subscriber.webinars) == (False, True, False)
    assert subscriber.frequency == "weekly"
    publish(new_post())
    assert mail.outbox == []
    # None ticked is a clear message, not an empty subscription.
    refused = client.post(path, {"frequency": "weekly"})
    assert refused.status_code == 400
    assert "Choose at least one" in refused.content.decode()


def test_a_known_address_gets_the_same_answer_as_a_new_one_and_only_its_inbox_learns(
    client, home_page, post, subscribed
):
    subscriber = subscribed("known@example.org", lists=["webinars"])
    # Their confirmation went over an hour ago.
    SubscriptionEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))

    def answer(address):
        stranger = Client()
        response = post(SUBSCRIBE, subscribe_data(home_page, address, lists=["roundtable"]), client=stranger)
        return response.status_code, response.url, stranger.get(response.url).content.decode()

    assert answer("known@example.org") == answer("stranger@example.org")
    # Nothing of the subscriber's changed: a stranger cannot rewrite their choices.
    subscriber.refresh_from_db()
    assert (subscriber.roundtable, subscriber.webinars) == (False, True)
    (told,) = emails_to("known@example.org")
    assert "subscribed already" in told.body
    assert "manage" in links_in(told)
    assert "confirm" in links_in(emails_to("stranger@example.org")[0])
    # Again within the hour: the same page, and no more email to fill the inbox.
    answer("known@example.org")
    assert len(emails_to("known@example.org")) == 1


def test_each_page_goes_once_whatever_is_republished(subscribed, publish, new_post, django_capture_on_commit_callbacks):
    subscribed("a@example.org")
    subscribed("b@example.org", frequency="weekly")
    page = publish(new_post(title="Once only"))
    assert [message.to for message in mail.outbox] == [["a@example.org"]]
    page.specific.unpublish()
    publish(page.specific)
    publish(page.specific)
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_subscription_digest", stdout=None)
        call_command("send_subscription_digest", stdout=None)
    digests = emails_to("b@example.org")
    assert len(digests) == 1 and "Once only" in digests[0].body
    assert Delivery.objects.filter(page=page).count() == 2


def test_a_page_taken_down_before_its_email_went_is_not_sent_until_republished(
    subscribed, new_post, publish, django_capture_on_commit_callbacks
):
    subscribed()
    post = new_post(title="Pulled back")
    post.save_revision().publish()
    post.refresh_from_db()
    deliver_batch(post, list(at_once_subscribers(post).values_list("pk", flat=True)))  # written, not yet sent
    post.unpublish()
    call_command("send_subscription_emails", stdout=None)
    assert mail.outbox == []
    publish(post)
    call_command("send_subscription_emails", stdout=None)
    (news,) = mail.outbox
    assert news.subject == "New: Pulled back"


def test_a_worker_that_dies_between_batches_loses_nobody_and_doubles_nobody(
    subscribed, new_post, settings, django_capture_on_commit_callbacks
):
    settings.SUBSCRIPTION_BATCH_SIZE = 2
    for number in range(5):
        subscribed(f"reader{number}@example.org")
    post = new_post()
    # Published while no worker ran: the publish's task never came.
    post.save_revision().publish()
    post.refresh_from_db()
    assert mail.outbox == []
    # A worker got through the first batch and died.
    first = list(at_once_subscribers(post).values_list("pk", flat=True))[:2]
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_batch(post, first) == 2
    assert len(mail.outbox) == 2
    # Cron's catch-up gives the rest, and a second run gives nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_subscription_emails", stdout=None)
        call_command("send_subscription_emails", stdout=None)
    assert sorted(message.to[0] for message in mail.outbox) == [f"reader{n}@example.org" for n in range(5)]


def test_a_digest_whose_worker_died_mid_send_goes_once_when_its_claim_runs_out(
    subscribed, publish, new_post, settings, django_capture_on_commit_callbacks
):
    subscribed(frequency="weekly")
    publish(new_post(title="Weekly one"))
    # The digest is written; its worker took the email and was killed (its task never finished).
    call_command("send_subscription_digest", stdout=None)
    email = SubscriptionEmail.objects.get(kind="digest")
    SubscriptionEmail.objects.filter(pk=email.pk).update(claimed_at=timezone.now(), attempts=1)
    # While the claim lasts nobody sends it, and the weekly run again writes no second digest.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_subscription_emails", stdout=None)
        call_command("send_subscription_digest", stdout=None)
    assert mail.outbox == []
    expired = timezone.now() - datetime.timedelta(seconds=settings.EMAIL_LEASE_SECONDS + 1)
    SubscriptionEmail.objects.filter(pk=email.pk).update(claimed_at=expired)
    call_command("send_subscription_emails", stdout=None)
    call_command("send_subscription_emails", stdout=None)
    (digest,) = mail.outbox
    assert digest.subject == "This week on Collective Leadership"
    assert "Weekly one" in digest.body


def test_a_new_subscriber_gets_no_old_pages_and_a_weekly_one_only_their_lists(
    subscribed, publish, new_post, django_capture_on_commit_callbacks
):
    subscriber = subscribed(frequency="weekly", lists=["stories"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_subscription_digest", stdout=None)
    assert mail.outbox == []
    story = publish(CaseStudyPageFactory(parent=StoryIndexPage.objects.first(), live=False, title="A new story"))
    publish(new_post(title="Not followed"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_subscription_digest", stdout=None)
    (digest,) = emails_to(subscriber.email)
    assert "A new story" in digest.body and story.full_url in digest.body
    assert "Not followed" not in digest.body


# --- The form's defence and hostile input ----------------------------------------------------------


def test_a_filled_honeypot_looks_like_success_and_keeps_and_sends_nothing(home_page, post):
    response = post(SUBSCRIBE, subscribe_data(home_page, **{HONEYPOT_FIELD: "https://spam.example"}))
    assert response.status_code == 302
    assert not Subscriber.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("age", [0, 200_000], ids=["sent-at-once", "left-open-too-long"])
def test_a_form_sent_too_fast_or_too_late_comes_back_with_the_address(home_page, post, age):
    data = subscribe_data(home_page, **{STARTED_FIELD: started_token(home_page, SPAM_FORM, at=time.time() - age)})
    response = post(SUBSCRIBE, data)
    assert response.status_code == 200
    assert "Please send the form again" in response.content.decode()
    assert 'value="reader@example.org"' in response.content.decode()
    assert not Subscriber.objects.exists()


def test_another_forms_stamp_does_not_pass(home_page, post):
    response = post(SUBSCRIBE, subscribe_data(home_page, **{STARTED_FIELD: started_token(home_page, at=0)}))
    assert "Please send the form again" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_over_the_rate_limit_is_a_429_with_the_address_kept(home_page, post, settings, one_rate_limit_window):
    settings.SUBSCRIBE_RATE_LIMIT = 2
    for number in range(2):
        assert post(SUBSCRIBE, subscribe_data(home_page, f"r{number}@example.org")).status_code == 302
    refused = post(SUBSCRIBE, subscribe_data(home_page, "r9@example.org"))
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(settings.SUBSCRIBE_RATE_LIMIT_WINDOW)
    assert 'value="r9@example.org"' in refused.content.decode()
    assert Subscriber.objects.count() == 2


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"email": "not an address"}, "Enter a valid email address."),
        ({"email": "a@example.org\r\nBcc: victim@example.org"}, "Enter a valid email address."),
        ({"email": "a\x00@example.org"}, "Null characters are not allowed."),
        ({"email": "x" * 5000 + "@example.org"}, "Ensure this value has at most 254 characters"),
        ({"lists": []}, "Choose at least one"),
        ({"lists": ["everything", "<script>"]}, "Select a valid choice."),
        ({"frequency": "hourly"}, "Select a valid choice."),
    ],
)
def test_bad_input_gets_a_clear_message_never_a_500_nor_reflected_unsafely(home_page, post, overrides, message):
    response = post(SUBSCRIBE, subscribe_data(home_page, **overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "<script>" not in html
    assert not Subscriber.objects.exists() and mail.outbox == []


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    email=st.one_of(
        st.just("ok@example.org"),
        st.text(max_size=80),
        st.sampled_from(["\x00", "a@b.org\r\nBcc: x@example.com", '"><script>alert(1)</script>@x.org', "x" * 100_000]),
    ),
    lists=st.lists(st.one_of(st.sampled_from(["roundtable", "stories", "webinars"]), st.text(max_size=20)), max_size=4),
    frequency=st.one_of(st.sampled_from(["at_once", "weekly"]), st.text(max_size=20)),
)
@pytest.mark.django_db
def test_fuzzed_subscriptions_never_error_and_keep_only_valid_addresses(
    client, home_page, subscribed, email, lists, frequency
):
    cache.clear()
    kept = Subscriber.objects.filter(email="kept@example.org").first() or subscribed("kept@example.org")
    response = client.post(SUBSCRIBE, subscribe_data(home_page, email, lists=lists, frequency=frequency))
    assert response.status_code in (302, 400)
    assert "<script>alert" not in response.content.decode()
    assert all("@" in address and "\n" not in address for address in Subscriber.objects.values_list("email", flat=True))
    # Nobody's subscription is lost or changed by what a stranger posts.
    assert Subscriber.objects.get(pk=kept.pk).confirmed_at == kept.confirmed_at


@pytest.mark.parametrize("name", ["confirm", "manage", "unsubscribe"])
@pytest.mark.parametrize("token", ["nope", "a" * 43, "x" * 5000])
def test_a_made_up_link_opens_nothing(client, subscribed, name, token):
    subscribed()
    assert client.get(f"/subscribe/{name}/{token}/").status_code == 404
    assert client.get(f"/subscribe/{name}/%00{token}/").status_code == 404
    assert client.post(f"/subscribe/{name}/{token}/", {"lists": ["roundtable"], "frequency": "weekly"}).status_code in (
        200,
        404,
    )
    assert Subscriber.objects.count() == 1


def test_the_subscribe_page_is_linked_from_the_footer_and_sections_and_links_the_feeds(client, demo_page):
    for model, choice in [(RoundtableIndexPage, "roundtable"), (StoryIndexPage, "stories")]:
        html = client.get(demo_page(model).url).content.decode()
        assert f'href="/subscribe/?list={choice}"' in html
        assert 'href="/subscribe/"' in html  # the footer
    page = client.get("/subscribe/?list=stories").content.decode()
    assert re.search(r'value="stories"[^>]*checked', page)
    assert not re.search(r'value="roundtable"[^>]*checked', page)
    for feed in ["/feeds/roundtable.rss", "/feeds/roundtable.atom", "/feeds/school-stories.rss"]:
        assert f'href="{feed}"' in page
        assert client.get(feed).status_code == 200


def test_unconfirmed_addresses_are_forgotten_after_the_configured_days(home_page, post, subscribed, settings):
    kept = subscribed("kept@example.org")
    post(SUBSCRIBE, subscribe_data(home_page, "never@example.org"))
    Subscriber.objects.update(
        created_at=timezone.now() - datetime.timedelta(days=settings.UNCONFIRMED_SUBSCRIBER_DAYS + 1)
    )
    call_command("purge_unconfirmed_subscribers", stdout=None)
    assert list(Subscriber.objects.all()) == [kept]


# --- Staff's list -----------------------------------------------------------------------------------


@pytest.fixture
def publisher(db):
    return make_user("pat", Group.objects.get(name="Publishers"))


@pytest.fixture
def editor(db):
    return make_user("eddie", Group.objects.get(name="Editors"))


def test_publishers_see_counts_per_list_export_formula_safe_and_delete(client, publisher, subscribed, post, home_page):
    subscribed("=1+2@example.org", lists=["roundtable"])
    subscribed("both@example.org", lists=["roundtable", "stories"], frequency="weekly")
    post(SUBSCRIBE, subscribe_data(home_page, "pending@example.org"))
    client.force_login(publisher)
    index = reverse("subscribers:index")
    html = client.get(index).content.decode()
    counts = re.search(r"<p data-subscriber-counts>(.*?)</p>", html, re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", "", counts).split()) == (
        "Confirmed: 2 follow the roundtable, 1 school stories, 0 webinars; 1 get each page at once, 1 weekly. "
        "1 not confirmed yet."
    )
    assert "both@example.org" in html
    assert '"/admin/subscribers/"' in client.get("/admin/").content.decode()

    csv = b"".join(client.get(index + "?export=csv").streaming_content).decode()
    assert '"Email"' in csv.splitlines()[0]
    assert '"\'=1+2@example.org"' in csv
    assert not re.search(r'(^|,)"[=+\-@]', csv, re.M)

    target = Subscriber.objects.get(email="both@example.org")
    delete = reverse("subscribers:delete", args=[target.pk])
    assert client.post(delete).status_code == 302
    assert not Subscriber.objects.filter(pk=target.pk).exists()


def test_editors_cannot_see_or_remove_subscribers(client, editor, subscribed):
    subscriber = subscribed()
    client.force_login(editor)
    assert client.get(reverse("subscribers:index")).status_code in (302, 403)
    assert client.get(reverse("subscribers:index") + "?export=csv").status_code in (302, 403)
    assert client.post(reverse("subscribers:delete", args=[subscriber.pk])).status_code in (302, 403)
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert '"/admin/subscribers/"' not in client.get("/admin/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_workers_giving_out_one_page_at_the_same_time_send_it_once_to_each(settings, figure):
    settings.SUBSCRIPTION_BATCH_SIZE = 3
    index = RoundtableIndexPage.objects.first() or RoundtableIndexPageFactory(parent=routable_home_page())
    confirmed_at = timezone.now() - datetime.timedelta(days=1)
    for number in range(12):
        Subscriber.objects.create(email=f"c{number}@example.org", roundtable=True, confirmed_at=confirmed_at)
    # Live without a publish signal, so only the workers below give it out.
    post = RoundtablePostPageFactory(parent=index, first_published_at=timezone.now())
    errors = concurrent([lambda: deliver_new_page(post)] * 4, threads=4)
    assert errors == []
    assert Delivery.objects.filter(page=post).count() == 12
    assert sorted(message.to[0] for message in mail.outbox) == sorted(f"c{n}@example.org" for n in range(12))
    figure("4 workers at once giving one page to 12 subscribers", f"{len(mail.outbox)} emails, 0 errors")
