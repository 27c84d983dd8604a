"""Staff's side of webinar registrations: who may see registrants, filters, counts, safe exports,
the dashboard panel, and registrant data kept out of the search index."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.db.models import Q, TextField
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from wagtail import hooks
from wagtail.models import ModelLogEntry, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from core.export import FORMULA_TRIGGERS, neutralise_formula
from tests.utils import registrant
from webinars.admin_views import RegistrationViewSet, UpcomingWebinarsPanel
from webinars.factories import WebinarPageFactory
from webinars.models import Registration

Status = Registration.Status
INDEX = "webinar_registrants:index"
HOSTILE_VALUES = ['=HYPERLINK("http://evil")', "+1+2", "@SUM(1)", "-3", "\tTAB", "\rCR"]


def listing(client, user, **params):
    client.force_login(user)
    return client.get(reverse(INDEX), params)


def names(response):
    return {registration.name for registration in response.context["object_list"]}


# --- Who may see registrants -------------------------------------------------------------------


def protected_urls(registration):
    index = reverse(INDEX)
    return [
        index,
        index + "?export=csv",
        index + "?export=xlsx",
        reverse("webinar_registrants:index_results"),
        reverse("webinar_registrants:inspect", args=[registration.pk]),
    ]


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, registrations):
    for url in protected_urls(registrations["ada"]):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("wagtailadmin_login")), url


@pytest.mark.django_db
def test_editors_without_the_permission_see_no_registrants(client, editor, registrations):
    client.force_login(editor)
    for url in protected_urls(registrations["ada"]):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response.url == reverse("wagtailadmin_home"), url
        assert b"Ada Lovelace" not in response.content
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert b"Webinar registrants" not in dashboard.content
    assert b"Upcoming webinars" not in dashboard.content


@pytest.mark.django_db
def test_webinar_managers_see_the_menu_item_list_and_exports(client, manager, registrations):
    client.force_login(manager)
    assert b"Webinar registrants" in client.get(reverse("wagtailadmin_home")).content
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    assert {"Ada Lovelace", "Mary Jackson"} <= names(response)
    for export in ("csv", "xlsx"):
        assert client.get(reverse(INDEX), {"export": export}).status_code == 200
    inspect = client.get(reverse("webinar_registrants:inspect", args=[registrations["ada"].pk]))
    assert inspect.status_code == 200
    assert b"ada.lovelace@example.org" in inspect.content


@pytest.mark.django_db
def test_registrations_cannot_be_added_or_edited_in_the_admin(client, superuser, registrations):
    for route in ("add", "edit", "copy", "history"):
        with pytest.raises(NoReverseMatch):
            reverse(f"webinar_registrants:{route}", args=[] if route == "add" else [1])
    client.force_login(superuser)
    ada = registrations["ada"]
    assert client.get(f"/admin/webinar-registrants/edit/{ada.pk}/").status_code == 404
    assert client.get("/admin/webinar-registrants/new/").status_code == 404
    listing_page = client.get(reverse(INDEX))
    assert b"/admin/webinar-registrants/new/" not in listing_page.content


@pytest.mark.django_db
def test_only_the_delete_permission_deletes(client, manager, registrations):
    ada = registrations["ada"]
    url = reverse("webinar_registrants:delete", args=[ada.pk])
    client.force_login(manager)
    assert client.post(url).status_code in (302, 403)
    assert Registration.objects.filter(pk=ada.pk).exists()
    assert url.encode() not in client.get(reverse(INDEX)).content

    manager.user_permissions.add(Permission.objects.get(codename="delete_registration"))
    client.force_login(get_user_model().objects.get(pk=manager.pk))  # a fresh permission cache
    assert client.post(url).status_code == 302
    assert not Registration.objects.filter(pk=ada.pk).exists()


@pytest.mark.django_db
def test_deleting_a_confirmed_registration_gives_the_seat_to_the_waitlist(
    client, superuser, registrations, django_capture_on_commit_callbacks
):
    ada = registrations["ada"]
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("webinar_registrants:delete", args=[ada.pk]))
    registrations["katherine"].refresh_from_db()
    assert registrations["katherine"].status == Status.CONFIRMED
    # The audit log records the deletion without the person's name.
    entry = ModelLogEntry.objects.get(action="wagtail.delete", object_id=str(ada.pk))
    assert "Ada" not in entry.label


@pytest.mark.django_db
def test_the_permission_is_offered_in_group_settings(client, superuser, managers_group):
    client.force_login(superuser)
    response = client.get(reverse("wagtailusers_groups:edit", args=[managers_group.pk]))
    assert response.status_code == 200
    registered = {permission for hook in hooks.get_hooks("register_permissions") for permission in hook()}
    offered = {permission.codename for permission in registered if permission.codename.endswith("_registration")}
    assert offered == {"view_registration", "delete_registration"}


# --- Filters, search and counts ----------------------------------------------------------------


@pytest.mark.django_db
def test_filter_by_webinar_and_status(client, manager, registrations, webinar, other_webinar):
    assert names(listing(client, manager, webinar=other_webinar.pk)) == {"Mary Jackson"}
    assert names(listing(client, manager, webinar=webinar.pk, status=Status.WAITLISTED)) == {"Katherine Johnson"}
    assert names(listing(client, manager, webinar=webinar.pk, status=Status.CANCELLED)) == {"Dorothy Vaughan"}


@pytest.mark.django_db
def test_search_by_name_email_and_organisation(client, manager, registrations):
    assert names(listing(client, manager, q="hopper")) == {"Grace Hopper"}
    assert names(listing(client, manager, q="ada.lovelace@")) == {"Ada Lovelace"}
    assert names(listing(client, manager, q="Hampton")) == {"Mary Jackson"}
    # The results fragment the listing refreshes with searches the same way.
    client.force_login(manager)
    results = client.get(reverse("webinar_registrants:index_results"), {"q": "langley"})
    assert names(results) == {"Katherine Johnson"}


@pytest.mark.django_db
def test_status_counts_for_one_webinar_and_for_all(client, manager, registrations, webinar):
    response = listing(client, manager, webinar=webinar.pk)
    assert response.context["status_counts"] == {"confirmed": 2, "waitlisted": 1, "cancelled": 1}
    text = " ".join(response.content.decode().split())
    assert "For “Leading together”: <strong>2</strong> confirmed, <strong>1</strong> waitlisted" in text

    everyone = Registration.objects.all()
    expected = {status.value: everyone.filter(status=status).count() for status in Status}
    assert listing(client, manager).context["status_counts"] == expected
    # A status filter narrows the rows, not the counts above them.
    narrowed = listing(client, manager, webinar=webinar.pk, status=Status.CANCELLED)
    assert narrowed.context["status_counts"] == {"confirmed": 2, "waitlisted": 1, "cancelled": 1}


# --- Exports -----------------------------------------------------------------------------------


@pytest.fixture
def hostile_registrations(other_webinar):
    """Registrants whose own words would run as formulas in a spreadsheet."""
    return [
        registrant(other_webinar, HOSTILE_VALUES[0], organisation="+1+2", email="evil@example.org"),
        registrant(other_webinar, "Sam Sum", organisation="@SUM(1)"),
        registrant(other_webinar, "Minnie Minus", organisation="-3"),
        registrant(other_webinar, "Tab Taylor", organisation="\tTAB"),
        registrant(other_webinar, "Carrie Return", organisation="\rCR"),
    ]


def export(client, user, export_format, **params):
    client.force_login(user)
    response = client.get(reverse(INDEX), {"export": export_format, **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def formula_cells(rows):
    return [cell for row in rows for cell in row if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS)]


@pytest.mark.django_db
@pytest.mark.parametrize("export_format, read", [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_exports_list_registrants_and_no_cell_is_a_formula(
    client, manager, registrations, hostile_registrations, other_webinar, export_format, read
):
    rows = read(export(client, manager, export_format, webinar=other_webinar.pk))
    assert rows[0] == list(RegistrationViewSet.export_headings.values())
    by_email = {row[2]: row for row in rows[1:]}
    assert len(by_email) == 6  # Mary and the five hostile registrants: the webinar filter applies
    mary = ["Budgets as a team", "Mary Jackson", "mary.jackson@example.org", "Teacher", "Hampton District"]
    assert by_email["mary.jackson@example.org"][:5] == mary
    assert formula_cells(rows) == []
    assert by_email["evil@example.org"][1] == "'" + HOSTILE_VALUES[0]
    # XML reads a stored carriage return back as a line feed.
    organisations = {row[4].replace("\n", "\r") for row in rows[1:]}
    assert {"'" + value for value in HOSTILE_VALUES[1:]} <= organisations


@pytest.mark.django_db
@pytest.mark.parametrize("export_format, read", [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_exports_follow_the_search(client, manager, registrations, export_format, read):
    rows = read(export(client, manager, export_format, q="Cobol"))
    assert [row[1] for row in rows[1:]] == ["Grace Hopper"]


@pytest.mark.django_db
def test_export_buttons_are_in_the_header_not_the_actions_menu(client, manager, registrations, webinar):
    response = listing(client, manager, webinar=webinar.pk)
    buttons = {button.label: button for button in response.context["header_buttons"]}
    assert buttons["Download CSV"].url == f"{reverse(INDEX)}?webinar={webinar.pk}&export=csv"
    assert buttons["Download XLSX"].url == f"{reverse(INDEX)}?webinar={webinar.pk}&export=xlsx"
    assert not any(getattr(button, "dropdown_buttons", None) for button in buttons.values())
    html = response.content.decode()
    assert f'href="{reverse(INDEX)}?webinar={webinar.pk}&amp;export=csv"' in html
    # The results fragment the filters refresh re-renders the buttons with the same links.
    client.force_login(manager)
    results = client.get(reverse("webinar_registrants:index_results"), {"webinar": webinar.pk})
    assert f"{reverse(INDEX)}?webinar={webinar.pk}&amp;export=csv" in results.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("export_format, read", [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_exports_give_times_in_the_webinars_zone_to_the_minute_and_state_names(
    client, manager, webinar_index, export_format, read
):
    phoenix = WebinarPageFactory(parent=webinar_index, title="Desert schools", time_zone="America/Phoenix")
    new_york = WebinarPageFactory(parent=webinar_index, title="Harbor schools")  # America/New_York
    moment = datetime.datetime(2026, 3, 4, 20, 30, 15, 123456, tzinfo=datetime.UTC)
    school = {"organisation": "Freedom Academy", "created_at": moment}
    registrant(phoenix, "Rosa Parks", state="AZ", **school)
    registrant(new_york, "Rosa Parks", state="NY", **school)
    registrant(new_york, "Ruby Bridges", **school)  # no state given
    rows = read(export(client, manager, export_format, q="Freedom"))
    headings = rows[0]
    got = {(row[0], row[1]): (row[headings.index("State")], row[headings.index("Registered at")]) for row in rows[1:]}
    assert got[("Desert schools", "Rosa Parks")] == ("Arizona", "2026-03-04 13:30 MST")
    assert got[("Harbor schools", "Rosa Parks")] == ("New York", "2026-03-04 15:30 EST")
    assert got[("Harbor schools", "Ruby Bridges")] == (None if export_format == "xlsx" else "", "2026-03-04 15:30 EST")


@pytest.mark.parametrize("value", HOSTILE_VALUES + ["\r\n=1"])
def test_neutralise_formula_prefixes_a_quote(value):
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["Ada", "", " =1", "'=1", "a-b", 3, -3, None, True])
def test_neutralise_formula_leaves_everything_else(value):
    assert neutralise_formula(value) == value


# --- Dashboard panel ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_shows_upcoming_webinars_with_seats_and_waitlist(client, manager, registrations, webinar):
    client.force_login(manager)
    panel = UpcomingWebinarsPanel().get_context_data({})
    shown = {w.pk: w for w in panel["webinars"]}
    assert (shown[webinar.pk].confirmed, shown[webinar.pk].seats_left, shown[webinar.pk].waitlisted) == (2, 0, 1)
    unlimited = next(w for w in panel["webinars"] if w.title == "Budgets as a team")
    assert (unlimited.confirmed, unlimited.seats_left, unlimited.waitlisted) == (1, None, 0)

    html = " ".join(client.get(reverse("wagtailadmin_home")).content.decode().split())
    assert "Upcoming webinars" in html
    assert f'?webinar={webinar.pk}">Leading together</a>' in html
    assert "<td>no limit</td>" in html


@pytest.mark.django_db
def test_dashboard_panel_queries_do_not_grow_with_webinars(client, manager, webinar_index):
    def add_webinars(count):
        for _ in range(count):
            webinar = WebinarPageFactory(parent=webinar_index, capacity=3)
            registrant(webinar, f"Person {webinar.pk}")
            registrant(webinar, f"Waiting {webinar.pk}", Status.WAITLISTED)

    def dashboard_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("wagtailadmin_home")).status_code == 200
        return len(queries)

    client.force_login(manager)
    add_webinars(5)
    dashboard_queries()  # warm the per-process caches (content types, site)
    with_five = dashboard_queries()
    add_webinars(15)
    assert dashboard_queries() == with_five

    with CaptureQueriesContext(connection) as queries:
        UpcomingWebinarsPanel().render_html({})
    assert len(queries) <= 3


# --- Never in the search index -----------------------------------------------------------------


@pytest.mark.django_db
def test_registrant_data_never_reaches_the_search_index(client, manager, webinar):
    token = "Quorvexian"
    registrant(webinar, f"Ada {token}", organisation=f"{token} Academy", email=f"{token.lower()}@example.org")
    call_command("update_index", verbosity=0)
    listing(client, manager, q=token)  # the admin's own search must not index anything either

    assert list(Page.objects.live().search(token)) == []
    assert list(get_search_backend().search(token, Page)) == []
    text_fields = [field.name for field in IndexEntry._meta.fields if isinstance(field, TextField)]
    mentions = Q()
    for field in text_fields:
        mentions |= Q(**{f"{field}__icontains": token})
    assert text_fields and not IndexEntry.objects.filter(mentions).exists()
    assert not IndexEntry.objects.filter(content_type__model="registration").exists()
    assert token.encode() not in client.get(reverse("search"), {"q": token}).content
