"""Every spreadsheet the admin hands out is formula-safe and quotes every CSV cell (core/export.py).

Hostile values are planted where people's words reach an export (page titles, search queries,
a registrant's name, a form answer, a user's name, a redirect), then every export URL the
admin's URL configuration offers is downloaded as a superuser, in both formats.
"""

import csv
import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from core.export import FORMULA_TRIGGERS
from formpages.models import FormPage, Submission
from stories.factories import CaseStudyPageFactory
from stories.models import CaseStudyPage, StoryIndexPage
from webinars.models import Registration, WebinarPage

pytestmark = pytest.mark.django_db

# It offers no export (no columns), and on SQLite the report itself is a 503 while a system condition
# has no answers (StdDev over nothing): left to the self-assessment's own tests.
NOT_DOWNLOADED = {"/admin/reports/self-assessment/", "/admin/reports/self-assessment/results/"}
HOSTILE = ['=HYPERLINK("http://evil","x")', "+1", "-1+1", "@SUM(1)", "\t=1+1", "\r=1+1"]
# Every record: quoted fields separated by commas (a quote inside a field is doubled), then CRLF.
QUOTED_CSV = re.compile(r'(?:(?:"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*)?\r\n)*')


def class_based_export_urls():
    """The admin URLs without parameters whose view is built on Wagtail's SpreadsheetExportMixin."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), getattr(pattern.callback, "view_class", None)

    return [
        "/" + route
        for route, view_class in walk(get_resolver().url_patterns, "")
        if route.startswith("admin/")
        and view_class is not None
        and issubclass(view_class, SpreadsheetExportMixin)
        and not set(route) & set("<^(")
        and "/" + route not in NOT_DOWNLOADED
    ]


def routed_export_urls():
    """Exports behind views Wagtail routes itself per page: they take the page or page type."""
    contact = FormPage.objects.live().get(slug="contact")
    home = Site.objects.get(is_default_site=True).root_page
    return [
        reverse("wagtailforms:list_submissions", args=[contact.pk]),
        reverse("wagtailforms:list_submissions_results", args=[contact.pk]),
        reverse("wagtailadmin_explore", args=[home.pk]),
        reverse("wagtailadmin_explore_results", args=[home.pk]),
        reverse("wagtailadmin_pages:type_use", args=["stories", "casestudypage"]),
    ]


@pytest.fixture
def superuser():
    # A user's own name reaches the site history, locked pages and workflow reports.
    return get_user_model().objects.create_superuser(
        "exporter", "exporter@example.org", "a-test-password", first_name=HOSTILE[0], last_name=HOSTILE[1]
    )


@pytest.fixture
def planted(client, superuser):
    """Each hostile value as a page title (published, locked, in review), a search query, a
    registrant's name, a form answer and a redirect's target."""
    for value in HOSTILE:  # before the pages exist, so each is also a search with no results
        client.get("/search/", {"query": value})
    index = StoryIndexPage.objects.live().get()
    for number, value in enumerate(HOSTILE):
        page = CaseStudyPageFactory(parent=index, title=value, slug=f"hostile-{number}")
        page.save_revision(user=superuser).publish(user=superuser)
        page.get_workflow().start(page, superuser)
        CaseStudyPage.objects.filter(pk=page.pk).update(locked=True, locked_by=superuser, locked_at=timezone.now())
    webinar = WebinarPage.objects.live().first()
    contact = FormPage.objects.live().get(slug="contact")
    for number, value in enumerate(HOSTILE):
        Registration.objects.create(
            webinar=webinar, name=value, email=f"hostile{number}@example.org", organisation=value
        )
        answers = {
            "name": value,
            "email": f"hostile{number}@example.org",
            "school_or_district": value,
            "message": value,
        }
        Submission.objects.create(page=contact, duplicate_key=f"hostile-{number}", form_data=answers)
    Redirect.objects.create(old_path="/hostile", redirect_link=HOSTILE[0])
    assert CaseStudyPage.objects.filter(title__in=HOSTILE).count() == len(HOSTILE)


def download(client, url, export_format):
    response = client.get(url, {"export": export_format})
    assert response.status_code == 200, url
    expected = "text/csv" if export_format == "csv" else "application/vnd.openxmlformats"
    assert response["Content-Type"].startswith(expected), url
    return response.getvalue()


def csv_cells(content):
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8"), newline="")) for cell in row]


def xlsx_cells(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    # XML reads a stored carriage return back as a line feed: read it as the CR it was.
    return [
        cell.value.replace("\n", "\r") if isinstance(cell.value, str) else cell.value
        for row in sheet.iter_rows()
        for cell in row
    ]


def test_every_admin_export_is_formula_safe_and_quotes_every_csv_cell(client, superuser, planted, figure):
    urls = class_based_export_urls() + routed_export_urls()
    # The reports that carry planted words, found by the walk (so it cannot silently find nothing).
    carriers = {
        "/admin/reports/locked/": "a page title",
        "/admin/reports/aging-pages/": "a page title",
        "/admin/reports/site-history/": "a page title",
        "/admin/reports/workflow/": "a page title",
        "/admin/reports/workflow_tasks/": "a page title",
        "/admin/reports/unanswered-searches/": "a search query",
        "/admin/searchpicks/reports/search-terms/": "a search query",
        "/admin/webinar-registrants/": "a registrant's name",
        reverse("wagtailforms:list_submissions", args=[FormPage.objects.get(slug="contact").pk]): "a form answer",
        "/admin/redirects/": "a redirect",
    }
    assert set(carriers) <= set(urls)
    client.force_login(superuser)
    dangerous, unquoted, files, carried = [], [], 0, set()
    for url in urls:
        for export_format, cells_of in (("csv", csv_cells), ("xlsx", xlsx_cells)):
            content = download(client, url, export_format)
            files += 1
            cells = [cell for cell in cells_of(content) if isinstance(cell, str)]
            dangerous += [(url, export_format, cell) for cell in cells if cell.startswith(FORMULA_TRIGGERS)]
            if export_format == "csv" and not QUOTED_CSV.fullmatch(content.decode("utf-8")):
                unquoted.append(url)
            # The planted words, with or without the quote that neutralises them (queries are stored
            # trimmed and lower-case).
            words = {cell.removeprefix("'") for cell in cells}
            if any(value in words or value.strip().lower() in words for value in HOSTILE):
                carried.add((url, export_format))
    assert dangerous == []
    assert unquoted == []
    assert {(url, export_format) for url in carriers for export_format in ("csv", "xlsx")} <= carried
    figure("admin exports downloaded (CSV and XLSX)", f"{files} files from {len(urls)} URLs")
    figure("export cells starting with = + - @ tab or CR", len(dangerous))
    figure("CSV exports with an unquoted field", len(unquoted))
