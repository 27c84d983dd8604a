"""bench_site end to end on the test database: both server runs, both load generators' parsing,
the static reference and the report. No timing assertions: figures vary by machine."""

import io
import shutil

import pytest
from django.core.management import call_command

from devtools.management.commands.bench_site import WRK_LATENCY, WRK_TOTAL
from devtools.production_server import free_port
from tests.utils import routable_home_page


# transaction=True: the gunicorn subprocesses only see committed rows.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("generator", ["python", "wrk"])
def test_bench_site_measures_pages_cached_and_not_and_a_static_file(generator):
    if generator == "wrk" and not shutil.which("wrk"):
        pytest.skip("wrk is not installed (apt-get install wrk); the Python client is tested instead.")
    routable_home_page()
    out = io.StringIO()
    call_command(
        "bench_site",
        *("--no-setup", "--duration", "1", "--connections", "2", "--workers", "1"),
        *("--load-generator", generator, "--port", str(free_port())),
        stdout=out,
    )
    output = out.getvalue()
    rows = {line.split()[0]: line.split() for line in output.splitlines() if line.startswith(("HomePage", "static"))}
    assert rows["HomePage"][2] == "yes"  # the cache stored it and served it back
    assert float(rows["HomePage"][3]) > 0 and float(rows["HomePage"][6]) > 0  # requests/s, cache on and off
    assert rows["HomePage"][-1] == "0" and rows["static"][-1] == "0"  # no errors
    assert "Cached pages: median" in output


def test_wrk_output_is_read_in_its_own_units():
    output = (
        "  Latency Distribution\n     50%    1.50ms\n     75%    2.00ms\n     90%    3.00ms\n     99%  210.00us\n"
        "  12345 requests in 10.01s, 1.2MB read\n"
    )
    assert WRK_TOTAL.search(output).groups() == ("12345", "10.01", "s")
    assert WRK_LATENCY.findall(output) == [("50", "1.50", "ms"), ("99", "210.00", "us")]
