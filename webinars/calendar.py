"""Calendar files (.ics) for webinars, built with the icalendar library."""

from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from .models import Registration

SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def webinar_ics(webinar, registration=None, method="PUBLISH"):
    """The webinar as an iCalendar file; the join link is only in a confirmed registrant's copy.

    ``method`` is "PUBLISH" for an event to add, or "CANCEL" to take it off the registrant's calendar.
    """
    zone = ZoneInfo(webinar.time_zone)
    start = timezone.localtime(webinar.start, zone)
    end = timezone.localtime(webinar.ends_at, zone)
    url = webinar.get_full_url()
    cancelled = method == "CANCEL"
    location = "Online"
    if registration and registration.status == Registration.Status.CONFIRMED and webinar.join_url and not cancelled:
        location = f"Online: {webinar.join_url}"
    event = Event.new(
        # The page's translation key (a UUID), not the site's host name: a calendar matches a later
        # update or cancellation to the event it holds by UID, so the UID must never change.
        uid=f"webinar-{webinar.translation_key}",
        start=start,
        end=end,
        summary=webinar.title,
        description=f"{webinar.summary}\n\n{url}",
        url=url,
        location=location,
        organizer=vCalAddress.new(parseaddr(settings.DEFAULT_FROM_EMAIL)[1], cn=settings.WAGTAIL_SITE_NAME),
        sequence=sequence(webinar.last_published_at, registration and registration.status_changed_at),
        status="CANCELLED" if cancelled else "CONFIRMED",
        # A cancellation names who it is for (RFC 5546); a published event names nobody.
        attendees=[vCalAddress.new(registration.email)] if cancelled and registration else None,
    )
    calendar = Calendar.new(
        method=method, prodid=f"-//{settings.WAGTAIL_SITE_NAME}//Webinars//EN", subcomponents=[event]
    )
    # The time zone's rules around the event only, rather than 70 years of them.
    calendar.add_missing_timezones(
        first_date=start.date() - timedelta(days=1), last_date=end.date() + timedelta(days=1)
    )
    return calendar.to_ical()


def sequence(*changes):
    """Seconds from SEQUENCE_EPOCH to the latest change (publishing the page, the registration's status).

    So a newer file always outranks the one a calendar holds, within the 32-bit integer some
    clients expect until 2088.
    """
    latest = max((moment for moment in changes if moment), default=SEQUENCE_EPOCH)
    return int((latest - SEQUENCE_EPOCH).total_seconds())
