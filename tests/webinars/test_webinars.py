import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar

from core.video import TRANSCRIPT_REQUIRED
from webinars.factories import WebinarIndexPageFactory, WebinarPageFactory
from webinars.messages import build_message
from webinars.models import Registration, RegistrationEmail, WebinarIndexPage, WebinarPage

NOW = timezone.make_aware(datetime.datetime(2026, 11, 23, 12, 0), datetime.UTC)
NEW_YORK = ZoneInfo("America/New_York")
# 1:30 AM on the nights New York's clocks go forward (2 AM becomes 3 AM) and back (2 AM becomes 1 AM).
SPRING_FORWARD = datetime.datetime(2027, 3, 14, 1, 30, tzinfo=NEW_YORK)
FALL_BACK = datetime.datetime(2027, 11, 7, 1, 30, tzinfo=NEW_YORK)


@pytest.fixture
def webinar_index(home_page):
    return WebinarIndexPage.objects.first() or WebinarIndexPageFactory(parent=home_page)


def make(index, start, minutes=60, **kwargs):
    return WebinarPageFactory(parent=index, start=start, duration_minutes=minutes, **kwargs)


@pytest.mark.django_db
def test_end_time_is_stored_from_start_and_duration(webinar_index):
    webinar = make(webinar_index, NOW, minutes=90)
    assert webinar.ends_at == NOW + datetime.timedelta(minutes=90)


@pytest.mark.django_db
def test_upcoming_and_past_are_filtered_in_the_database(webinar_index):
    past = make(webinar_index, NOW - datetime.timedelta(days=3))
    in_progress = make(webinar_index, NOW - datetime.timedelta(minutes=30))
    soon = make(webinar_index, NOW + datetime.timedelta(days=1))
    later = make(webinar_index, NOW + datetime.timedelta(days=10))
    mine = WebinarPage.objects.child_of(webinar_index).filter(pk__in=[past.pk, in_progress.pk, soon.pk, later.pk])
    assert list(mine.upcoming(now=NOW)) == [in_progress, soon, later]
    assert list(mine.past(now=NOW)) == [past]


@pytest.mark.django_db
def test_times_are_shown_in_the_webinars_time_zone(webinar_index, client):
    start = timezone.make_aware(datetime.datetime(2030, 1, 15, 20, 0), datetime.UTC)
    webinar = make(webinar_index, start, time_zone="America/Los_Angeles")
    html = client.get(webinar.url).content.decode()
    # 20:00 UTC is noon in Los Angeles in January; the machine-readable time stays exact.
    assert "Tuesday 15 January 2030, 12:00 PM" in html and "PST" in html
    assert 'datetime="2030-01-15T12:00:00-08:00"' in html


@pytest.mark.django_db
def test_times_read_naturally_and_offer_the_readers_own_zone(webinar_index, client):
    start = datetime.datetime(2030, 1, 15, 14, 0, tzinfo=NEW_YORK)
    webinar = make(webinar_index, start, time_zone="America/New_York")
    html = client.get(webinar.url).content.decode()
    assert "Tuesday 15 January 2030, 2:00 PM EST – 3:00 PM EST" in strip_tags(html)
    assert "(Eastern (New York))" not in html
    # local_time.js adds the reader's own time to what it marks; the site serves it.
    assert '<dd data-webinar-zone="America/New_York"><time datetime="2030-01-15T14:00:00-05:00">' in html
    (script,) = re.findall(r'<script src="([^"]*/local_time\.js)" defer>', html)
    assert "Intl.DateTimeFormat" in b"".join(client.get(script).streaming_content).decode()
    assert "When: Tuesday 15 January 2030, 2:00 PM EST to 3:00 PM EST (60 minutes)" in email_text(webinar)


@pytest.mark.django_db
def test_recording_only_appears_once_the_webinar_has_ended(webinar_index, client):
    url = "https://www.youtube.com/watch?v=recording1"
    upcoming = make(webinar_index, timezone.now() + datetime.timedelta(days=2))
    # The editor refuses a recording before the end (test_editor_admin.py); rows saved before that rule still hide it.
    WebinarPage.objects.filter(pk=upcoming.pk).update(recording_url=url)
    ended = make(
        webinar_index, timezone.now() - datetime.timedelta(days=2), recording_url=url, recording_captions_on_host=True
    )
    assert url not in client.get(upcoming.url).content.decode()
    html = client.get(ended.url).content.decode()
    assert "Watch the recording" in html and url in html


@pytest.mark.django_db
def test_a_recording_needs_a_transcript_or_captions_on_its_host(webinar_index, client):
    webinar = make(webinar_index, timezone.now() - datetime.timedelta(days=2))
    webinar.recording_url = "https://vimeo.com/123456"
    for transcript in ("", "<p></p>"):
        webinar.recording_transcript = transcript
        with pytest.raises(ValidationError) as refused:
            webinar.full_clean()
        assert refused.value.message_dict == {"recording_transcript": [TRANSCRIPT_REQUIRED]}
    webinar.recording_transcript = "<p>Narrator: The session opens with what shared leadership means.</p>"
    webinar.save()

    # It plays in the page once clicked, with its transcript below it.
    html = client.get(webinar.url).content.decode()
    assert (
        'href="https://vimeo.com/123456" data-player="https://player.vimeo.com/video/123456?autoplay=1&amp;dnt=1"'
        in (html)
    )
    assert "<iframe" not in html and '/core/video_player.js" defer>' in html
    assert "<summary>Transcript" in html and "Narrator: The session opens" in html

    webinar.recording_transcript = ""
    webinar.recording_captions_on_host = True
    webinar.full_clean()


@pytest.mark.django_db
def test_the_index_shows_the_next_sessions_not_every_upcoming_one(client, webinar_index):
    from core.listing import PAGE_SIZE

    soonest = timezone.now() + datetime.timedelta(days=1)
    for day in range(PAGE_SIZE + 2):
        make(webinar_index, soonest + datetime.timedelta(days=day), title=f"Session number {day + 100}")
    in_order = list(WebinarPage.objects.live().child_of(webinar_index).upcoming())
    upcoming = client.get(webinar_index.url).content.decode().split("Recordings of past webinars")[0]
    assert all(webinar.title in upcoming for webinar in in_order[:PAGE_SIZE])
    assert not any(webinar.title in upcoming for webinar in in_order[PAGE_SIZE:])
    assert "More sessions are scheduled after these" in upcoming


def page_text(client, url):
    return strip_tags(client.get(url).content.decode())


def email_text(webinar):
    registration = Registration.objects.create(webinar=webinar, email="ada@example.org", name="Ada", role="teacher")
    return build_message(RegistrationEmail(registration=registration, kind=RegistrationEmail.Kind.CONFIRMED)).body


@pytest.mark.django_db
def test_a_session_across_the_spring_change_lasts_its_full_length(webinar_index, client, figure):
    """Reliability 9: the duration was added on the wall clock, so this session ended after 30 minutes."""
    webinar = make(webinar_index, SPRING_FORWARD, minutes=90, time_zone="America/New_York")
    webinar.refresh_from_db()
    assert webinar.ends_at == datetime.datetime(2027, 3, 14, 8, 0, tzinfo=datetime.UTC)  # 4:00 AM EDT
    assert "Sunday 14 March 2027, 1:30 AM EST – 4:00 AM EDT" in page_text(client, webinar.url)
    (event,) = Calendar.from_ical(client.get(f"{webinar.url}calendar/").content).events
    assert (event.start, event.end) == (SPRING_FORWARD, datetime.datetime(2027, 3, 14, 4, 0, tzinfo=NEW_YORK))
    assert event.end.astimezone(datetime.UTC) - event.start.astimezone(datetime.UTC) == datetime.timedelta(minutes=90)
    assert "When: Sunday 14 March 2027, 1:30 AM EST to 4:00 AM EDT (90 minutes)" in email_text(webinar)
    length = (webinar.ends_at - webinar.start) / datetime.timedelta(minutes=1)
    figure("90-minute session from 1:30 AM EST on 14 March 2027", f"ends 4:00 AM EDT, {length:.0f} minutes")


@pytest.mark.django_db
@pytest.mark.parametrize("fold, zone", [(0, "EDT"), (1, "EST")], ids=["first-1:30", "second-1:30"])
def test_on_the_night_the_clocks_go_back_each_time_names_its_zone(webinar_index, client, fold, zone, figure):
    """Reliability 9: for the hour the clocks repeat, the email printed no zone."""
    webinar = make(webinar_index, FALL_BACK.replace(fold=fold), minutes=60, time_zone="America/New_York")
    assert f"When: Sunday 7 November 2027, 1:30 AM {zone} to" in email_text(webinar)
    assert f"Sunday 7 November 2027, 1:30 AM {zone} –" in page_text(client, webinar.url)
    assert f"Sun 7 Nov 2027, 1:30 AM {zone}" in page_text(client, webinar_index.url)
    figure(
        f"1:30 AM on 7 November 2027, {'first' if fold == 0 else 'second'} time", f"{zone} in the email, page and card"
    )
