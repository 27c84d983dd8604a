"""bench_registrations end to end on the test database: gunicorn with the production settings,
real concurrent sign-ups over loopback, then the invariants. No timing assertions: figures vary by machine."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from devtools.production_server import free_port
from tests.utils import routable_webinar_index
from webinars.models import WebinarIndexPage, WebinarPage


# transaction=True: the gunicorn subprocess only sees committed rows.
@pytest.mark.django_db(transaction=True)
def test_bench_registrations_reports_figures_and_passes_its_invariants():
    index = routable_webinar_index()
    out = io.StringIO()
    call_command(
        "bench_registrations",
        *("--registrations", "12", "--capacity", "5", "--concurrency", "3", "--workers", "1"),
        *("--port", str(free_port()), "--parent-id", str(index.pk)),
        stdout=out,
    )
    output = out.getvalue()
    assert "Successes (302 to the check-your-inbox page): 12" in output
    assert "Other outcomes: none" in output
    for figure in ("Elapsed:", "Registrations/second:", "POST latency ms: p50", "p95", "p99", "max"):
        assert figure in output
    assert "PASS  confirmed == min(capacity, successes): 5 == 5" in output
    assert "PASS  confirmed + waitlisted == successes: 5 + 7 == 12" in output
    assert output.count("PASS") == 5 and "FAIL" not in output
    assert not WebinarPage.objects.filter(slug__startswith="bench-").exists()


@pytest.mark.django_db
def test_bench_registrations_needs_the_demo_site():
    WebinarIndexPage.objects.all().delete()  # rolled back with the test
    with pytest.raises(CommandError, match="load_demo_content"):
        call_command("bench_registrations", stdout=io.StringIO())
