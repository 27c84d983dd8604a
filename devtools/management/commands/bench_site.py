"""Throughput and latency of every page type on the production stack, page cache on and off,
against a static file of similar size served by the same stack (the physical limit).

    python manage.py bench_site                       # on the database DATABASE_URL names
    python manage.py bench_site --bulk 10000          # with the bulk corpus below the sections
    make bench                                        # the same on a separate database, from scratch

Migrates and loads the demo content (both idempotent), optionally the bulk corpus, collects the
static files, then runs gunicorn (sync workers, ctqsite.settings.production) on loopback twice:
PAGE_CACHE_TIMEOUT=0 and PAGE_CACHE_TIMEOUT=600. Each URL gets one warm-up request and then
--duration seconds of load from --connections concurrent clients: wrk when it is installed,
else the asyncio client below. Requests send no cookies and no Accept-Encoding, so pages and
the static file both go out uncompressed.
"""

import asyncio
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from core.page_types import page_types
from devtools.management.commands.generate_bulk_content import BULK_SLUG_PREFIX
from devtools.production_server import HOST, collect_static, database_description, percentile, production_server
from webinars.models import WebinarPage

REQUEST_TIMEOUT = 30


@dataclass
class Target:
    label: str
    path: str
    size: int = 0
    shared: str = ""  # whether the page cache stores it, and if not why


@dataclass
class Figures:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self):
        return self.requests / self.seconds


# --- Load generators -------------------------------------------------------------------------


WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
WRK_TOTAL = re.compile(r"(\d+) requests in ([\d.]+)(us|ms|s|m)\b")
WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}  # to milliseconds


def wrk_load(url, connections, duration):
    done = subprocess.run(
        ["wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{duration}s",
         "--timeout", f"{REQUEST_TIMEOUT}s", "--latency", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    output = done.stdout
    count, seconds, unit = WRK_TOTAL.search(output).groups()
    seconds = float(seconds) * WRK_UNITS[unit] / 1000
    latency = {share: float(value) * WRK_UNITS[unit] for share, value, unit in WRK_LATENCY.findall(output)}
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    return Figures(int(count), errors, seconds, latency["50"], latency["99"])


async def python_clients(url, connections, duration):
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    request = f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode()
    latencies, errors = [], 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + duration

    async def client():
        nonlocal errors
        while loop.time() < deadline:
            started = time.perf_counter()
            try:
                reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
                writer.write(request)
                answer = await asyncio.wait_for(reader.read(), REQUEST_TIMEOUT)  # to EOF: Connection: close
                writer.close()
            except (TimeoutError, OSError):
                errors += 1
                continue
            if answer[9:12] != b"200":
                errors += 1
            latencies.append((time.perf_counter() - started) * 1000)

    started = loop.time()
    await asyncio.gather(*(client() for _ in range(connections)))
    return latencies, errors, loop.time() - started


def python_load(url, connections, duration):
    latencies, errors, seconds = asyncio.run(python_clients(url, connections, duration))
    if not latencies:
        raise CommandError(f"No request to {url} was answered.")
    return Figures(len(latencies), errors, seconds, percentile(latencies, 50), percentile(latencies, 99))


LOAD_GENERATORS = {"wrk": wrk_load, "python": python_load}


# --- The command -----------------------------------------------------------------------------


class Command(BaseCommand):
    help = "Benchmark every page type on gunicorn + production settings, page cache on and off, against a static file."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="Seconds of load per URL and mode (default 10).")
        parser.add_argument("--connections", type=int, default=8, help="Concurrent clients (default 8).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2).")
        parser.add_argument("--port", type=int, default=8766, help="Loopback port for gunicorn (default 8766).")
        parser.add_argument(
            "--load-generator", choices=["auto", *LOAD_GENERATORS], default="auto",
            help="wrk, the built-in Python client, or auto: wrk when installed (default).",
        )  # fmt: skip
        parser.add_argument("--bulk", type=int, default=0, help="Also generate this many bulk pages (default none).")
        parser.add_argument("--no-setup", action="store_true", help="Skip migrate and load_demo_content.")

    def handle(self, *args, duration, connections, workers, port, load_generator, bulk, no_setup, **options):
        if duration <= 0 or min(connections, workers) < 1 or bulk < 0:
            raise CommandError("--duration, --connections and --workers must be positive; --bulk >= 0.")
        if load_generator == "auto":
            load_generator = "wrk" if shutil.which("wrk") else "python"
        if not no_setup:
            self.set_up(bulk, port)
        targets = self.targets()
        if not targets:
            raise CommandError("No live pages: run `python manage.py load_demo_content` first.")
        conn_max_age = os.environ.get("CONN_MAX_AGE", "60")
        self.stdout.write(
            f"Database: {database_description()}; live pages: {self.live_pages():,}\n"
            f"Server: gunicorn, {workers} sync worker(s), ctqsite.settings.production, CONN_MAX_AGE={conn_max_age}; "
            f"cache: {'Redis' if os.environ.get('REDIS_URL') else 'files'}\n"
            f"Load: {load_generator}, {connections} connections, {duration:g} s per URL, loopback, no cookies"
        )
        load = LOAD_GENERATORS[load_generator]
        results = {}
        with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
            static_root = Path(tmp) / "static"
            collect_static(static_root)
            env = {
                "CONN_MAX_AGE": conn_max_age,
                "PAGE_CACHE_DIR": str(Path(tmp) / "page-cache"),
                # Keys of this run's own in a shared Redis: nothing cached by another database is read.
                "CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
            }
            reference = None
            for mode, timeout in (("off", "0"), ("on", "600")):
                with production_server(
                    workers, port, targets[0].path, static_root, PAGE_CACHE_TIMEOUT=timeout, **env
                ) as base_url:
                    for target in targets:
                        self.probe(base_url, target, mode)
                        results[target.label, mode] = load(base_url + target.path, connections, duration)
                    # Once the pages' sizes are known, on the same server as the cached pages.
                    if mode == "on":
                        reference = static_reference(static_root, statistics.median(t.size for t in targets))
                        self.probe(base_url, reference, mode)
                        results[reference.label, mode] = load(base_url + reference.path, connections, duration)
        self.report(targets, reference, results)

    def set_up(self, bulk, port):
        call_command("migrate", verbosity=0)
        call_command("load_demo_content", verbosity=0)
        # The pages' absolute links on the server measured.
        call_command("set_site_url", f"http://{HOST}:{port}", verbosity=0)
        existing = Page.objects.filter(slug__startswith=BULK_SLUG_PREFIX).count()
        if existing != bulk:
            if existing:
                call_command("generate_bulk_content", delete=True, verbosity=0)
            if bulk:
                self.stdout.write(f"Generating {bulk:,} bulk pages…")
                call_command("generate_bulk_content", pages=bulk, seed=1, verbosity=0)

    @staticmethod
    def live_pages():
        return Page.objects.live().count()

    def targets(self):
        targets = []
        for model in (page_type.model for page_type in page_types()):
            pages = model.objects.live().public().order_by("path")
            if model is WebinarPage:
                # A past session (no form, shareable) and an upcoming one (its form keeps it per-visitor).
                for label, chosen in (
                    ("WebinarPage (past)", pages.past()),
                    ("WebinarPage (upcoming)", pages.upcoming()),
                ):
                    if page := chosen.first():
                        targets.append(Target(label, page.get_url_parts()[2]))
            elif page := pages.first():
                targets.append(Target(model.__name__, page.get_url_parts()[2]))
        return targets

    def probe(self, base_url, target, mode):
        """Warm the URL, record its size, and check what the cache makes of it."""
        session = requests.Session()
        session.trust_env = False
        first = session.get(base_url + target.path, timeout=REQUEST_TIMEOUT, headers={"Accept-Encoding": "identity"})
        if first.status_code != 200:
            raise CommandError(f"{target.path} answered {first.status_code}, not 200.")
        target.size = target.size or len(first.content)
        if mode == "on" and target.label != "static file":
            second = requests.get(base_url + target.path, timeout=REQUEST_TIMEOUT)
            target.shared = (
                "yes" if second.headers.get("X-Cache") == "HIT" else f"no ({second.headers['Cache-Control']})"
            )

    def report(self, targets, reference, results):
        header = (
            f"{'Page type':<24}{'bytes':>8}  {'cached':<8}"
            f"{'on req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'off req/s':>11}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        )
        self.stdout.write(header)
        for target in targets:
            on, off = results[target.label, "on"], results[target.label, "off"]
            self.stdout.write(
                f"{target.label:<24}{target.size:>8,}  {target.shared.split(' ')[0]:<8}"
                f"{on.per_second:>10.0f}{on.p50_ms:>9.1f}{on.p99_ms:>9.1f}"
                f"{off.per_second:>11.0f}{off.p50_ms:>9.1f}{off.p99_ms:>9.1f}{on.errors + off.errors:>8}"
            )
        static = results[reference.label, "on"]
        self.stdout.write(
            f"{reference.label:<24}{reference.size:>8,}  {'-':<8}{static.per_second:>10.0f}"
            f"{static.p50_ms:>9.1f}{static.p99_ms:>9.1f}{'':>29}{static.errors:>8}"
        )
        for target in targets:
            if not target.shared.startswith("yes"):
                self.stdout.write(f"Not cached: {target.label} {target.path}: {target.shared}")
        shared = [results[t.label, "on"].per_second for t in targets if t.shared == "yes"]
        if shared:
            share = statistics.median(shared) / static.per_second
            self.stdout.write(
                f"Cached pages: median {statistics.median(shared):.0f} req/s = {share:.0%} of the static file "
                f"(lowest {min(shared) / static.per_second:.0%}); target 85% or more (issue 21)."
            )


def static_reference(static_root, size):
    """The collected static file (uncompressed, hashed name) whose size is nearest the median page's."""
    paths = json.loads((static_root / "staticfiles.json").read_text())["paths"].values()
    files = [
        (abs((static_root / path).stat().st_size - size), path) for path in paths if (static_root / path).is_file()
    ]
    _, path = min(files)
    return Target("static file", f"/static/{path}", (static_root / path).stat().st_size, "")
