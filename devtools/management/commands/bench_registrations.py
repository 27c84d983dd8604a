"""Load-test webinar sign-ups through the production server stack, then check the seat invariants.

    python manage.py bench_registrations
    python manage.py bench_registrations --registrations 1000 --capacity 200 --concurrency 40 --workers 2

Creates a fresh webinar ("bench-…") under the webinar index, runs collectstatic
and gunicorn with the production settings against this command's database, and
has --concurrency threads GET the page and POST the registration form, each time
as a new person with no cookies, until --registrations attempts are made. Prints
throughput and POST latency, then checks the database: nobody overbooked, nobody
lost, nobody twice, and every registrant owed an email.

Emails are sent inside the request by default. With --tasks worker they go as in production: the
request queues a task and `manage.py db_worker` beside gunicorn sends it, on the same CPUs; the
run then waits for the outbox to empty and says how long that took.
"""

import os
import queue
import re
import secrets
import threading
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import timedelta

import requests
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from devtools.production_server import database_description, latency_summary, production_server, task_worker
from protection.spam import STARTED_FIELD
from webinars.models import Registration, RegistrationEmail, WebinarIndexPage, WebinarPage

SLUG_PREFIX = "bench-"
REQUEST_TIMEOUT = 30  # seconds, per request
DRAIN_TIMEOUT = 300  # seconds for the task worker to send what the sign-ups queued
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED = re.compile(rf'name="{STARTED_FIELD}" value="([^"]+)"')
ROLES = [role for role, _ in Registration.Role.choices]
STATES = ["CA", "NY", "TX", "IL", "WA", "NC"]


# --- The load ------------------------------------------------------------------------------


@dataclass
class Attempt:
    outcome: str  # "302" for a completed registration, else the status code or the error's name
    post_ms: float | None = None  # None when the POST was never answered
    get_ms: float | None = None


@dataclass
class LoadResult:
    attempts: list
    elapsed: float
    outcomes: Counter = field(init=False)

    def __post_init__(self):
        self.outcomes = Counter(attempt.outcome for attempt in self.attempts)

    @property
    def successes(self):
        return self.outcomes["302"]


def form_data(email, token, started, n):
    return {
        "csrfmiddlewaretoken": token,
        STARTED_FIELD: started,
        "name": f"Bench Registrant {n}",
        "email": email,
        "role": ROLES[n % len(ROLES)],
        "organisation": "Benchmark Unified",
        "state": STATES[n % len(STATES)],
        "consent": "on",
    }


def register_once(session, page_url, email, n):
    """GET the page (csrftoken cookie, form token and spam stamp), then POST the form; time both."""
    try:
        started = time.perf_counter()
        page = session.get(page_url, timeout=REQUEST_TIMEOUT)
        get_ms = (time.perf_counter() - started) * 1000
        token, stamp = FORM_TOKEN.search(page.text), STARTED.search(page.text)
        if page.status_code != 200 or token is None or stamp is None:
            return Attempt(f"GET {page.status_code}", get_ms=get_ms)
        data = form_data(email, token.group(1), stamp.group(1), n)
        started = time.perf_counter()
        response = session.post(page_url, data=data, timeout=REQUEST_TIMEOUT, allow_redirects=False)
        post_ms = (time.perf_counter() - started) * 1000
    except requests.RequestException as error:
        return Attempt(type(error).__name__)
    outcome = str(response.status_code)
    if outcome == "302" and not response.headers.get("Location", "").endswith("/check-your-inbox/"):
        outcome = "302 elsewhere"
    return Attempt(outcome, post_ms, get_ms)


def run_load(page_url, total, concurrency, run_id):
    numbers = queue.SimpleQueue()
    for n in range(total):
        numbers.put(n)
    attempts = []  # list.append is atomic, so the threads share it without a lock

    def registrant():
        session = requests.Session()
        session.trust_env = False  # never via an HTTP proxy from the environment
        while True:
            try:
                n = numbers.get_nowait()
            except queue.Empty:
                return
            session.cookies.clear()  # each sign-up is a new person, arriving with no cookies
            attempts.append(register_once(session, page_url, f"{SLUG_PREFIX}{run_id}-{n}@example.org", n))

    threads = [threading.Thread(target=registrant, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return LoadResult(attempts, time.perf_counter() - started)


# --- Invariants ----------------------------------------------------------------------------


def invariants(webinar, capacity, successes):
    """(description, holds) for each property the registrations must keep under load."""
    registrations = Registration.objects.filter(webinar=webinar)
    statuses = Counter(registrations.values_list("status", flat=True))
    confirmed, waitlisted = statuses[Registration.Status.CONFIRMED], statuses[Registration.Status.WAITLISTED]
    twice = registrations.values("email").annotate(n=Count("pk")).filter(n__gt=1).count()
    no_email = registrations.filter(emails__isnull=True).count()
    unsent = RegistrationEmail.objects.filter(registration__webinar=webinar, sent_at__isnull=True).count()
    seats = min(capacity, successes)
    return [
        (f"confirmed == min(capacity, successes): {confirmed} == {seats}", confirmed == seats),
        (f"confirmed + waitlisted == successes: {confirmed} + {waitlisted} == {successes}",
         confirmed + waitlisted == successes),
        (f"no email registered twice: {twice} duplicated", twice == 0),
        (f"every registration has a RegistrationEmail row: {no_email} without", no_email == 0),
        (f"every RegistrationEmail was sent (dummy backend): {unsent} unsent", unsent == 0),
    ]  # fmt: skip


class Command(BaseCommand):
    help = "Benchmark webinar registrations under concurrent load on gunicorn + production settings."

    def add_arguments(self, parser):
        parser.add_argument("--registrations", type=int, default=1000, help="Sign-up attempts in all (default 1000).")
        parser.add_argument("--capacity", type=int, default=200, help="Seats on the bench webinar (default 200).")
        parser.add_argument("--concurrency", type=int, default=20, help="Concurrent registrants (default 20).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2).")
        parser.add_argument("--port", type=int, default=8765, help="Loopback port for gunicorn (default 8765).")
        parser.add_argument("--parent-id", type=int, help="The WebinarIndexPage to use (default: the first).")
        parser.add_argument("--keep", action="store_true", help="Leave the bench webinar in place afterwards.")
        parser.add_argument(
            "--tasks",
            choices=["worker", "in-request"],
            default="in-request",
            help="Emails sent inside the request (default), or by a db_worker process as in production.",
        )

    def handle(self, *args, registrations, capacity, concurrency, workers, port, parent_id, keep, tasks, **options):
        if min(registrations, concurrency, workers) < 1 or capacity < 0:
            raise CommandError("--registrations, --concurrency and --workers must be at least 1; --capacity >= 0.")
        index = self.webinar_index(parent_id)
        self.describe_setup(registrations, capacity, concurrency, workers, tasks)
        self.remove_bench_webinars()
        run_id = secrets.token_hex(4)
        webinar = create_bench_webinar(index, capacity, run_id)
        try:
            path = webinar.get_url_parts()[2]
            # Registrants here post at once: no minimum fill time (the spam stamp is still checked).
            env = {"FORM_MIN_FILL_SECONDS": "0"}
            if tasks == "worker":
                env["TASKS_BACKEND"] = "database"
            worker = task_worker(**env) if tasks == "worker" else nullcontext()
            with production_server(workers, port, path, **env) as base_url, worker:
                result = run_load(base_url + path, registrations, concurrency, run_id)
                drained = wait_for_emails(webinar) if tasks == "worker" else None
            self.report(result)
            if drained is not None:
                self.stdout.write(f"Emails all sent by the worker {drained:.1f} s after the last sign-up")
            checks = invariants(webinar, capacity, result.successes)
            self.report_invariants(checks)
        finally:
            if keep:
                self.stdout.write(f"Kept the bench webinar: {webinar.url} (id {webinar.pk}).")
            else:
                webinar.delete()
        failed = [description for description, holds in checks if not holds]
        if failed:
            raise CommandError(f"{len(failed)} invariant(s) failed: {'; '.join(failed)}")

    def webinar_index(self, parent_id):
        indexes = WebinarIndexPage.objects.order_by("path")
        index = indexes.filter(pk=parent_id).first() if parent_id else indexes.first()
        if index is None:
            raise CommandError(
                f"No WebinarIndexPage with id {parent_id}." if parent_id
                else "No webinar index page: run `python manage.py load_demo_content` first."
            )  # fmt: skip
        if index.get_url_parts() is None:
            raise CommandError(f"The webinar index “{index.title}” is not under any site, so it has no URL.")
        return index

    def describe_setup(self, registrations, capacity, concurrency, workers, tasks):
        self.stdout.write(f"Database: {database_description()}")
        if connection.vendor != "postgresql":
            self.stdout.write(
                self.style.WARNING("Not PostgreSQL: set DATABASE_URL=postgres://… for production figures.")
            )
        self.stdout.write(
            f"Server: gunicorn, {workers} sync worker(s), ctqsite.settings.production, CONN_MAX_AGE="
            f"{os.environ.get('CONN_MAX_AGE', '0')}; load: {registrations} registrations, "
            f"{concurrency} concurrent registrants, capacity {capacity} + waitlist; emails sent "
            + ("by a db_worker process" if tasks == "worker" else "inside the request")
        )

    def remove_bench_webinars(self):
        old = WebinarPage.objects.filter(slug__startswith=SLUG_PREFIX)
        removed = 0
        for page in old:
            page.delete()
            removed += 1
        if removed:
            self.stdout.write(f"Removed {removed} earlier bench webinar(s).")

    def report(self, result):
        posted = [attempt.post_ms for attempt in result.attempts if attempt.post_ms is not None]
        fetched = [attempt.get_ms for attempt in result.attempts if attempt.get_ms is not None]
        others = ", ".join(f"{code}: {n}" for code, n in sorted(result.outcomes.items()) if code != "302")
        self.stdout.write(f"Requests: {len(result.attempts)} registrations (GET page + POST form each)")
        self.stdout.write(f"Successes (302 to the check-your-inbox page): {result.successes}")
        self.stdout.write(f"Other outcomes: {others or 'none'}")
        self.stdout.write(f"Elapsed: {result.elapsed:.2f} s")
        self.stdout.write(f"Registrations/second: {result.successes / result.elapsed:.1f}")
        if posted:
            self.stdout.write(f"POST latency ms: {latency_summary(posted)}")
        if fetched:
            self.stdout.write(f"GET latency ms: {latency_summary(fetched)}")

    def report_invariants(self, checks):
        for description, holds in checks:
            style = self.style.SUCCESS if holds else self.style.ERROR
            self.stdout.write(style(f"{'PASS' if holds else 'FAIL'}  {description}"))


def wait_for_emails(webinar):
    """Seconds until the worker has sent every email the sign-ups queued (the invariants then say if not)."""
    started = time.perf_counter()
    unsent = RegistrationEmail.objects.filter(registration__webinar=webinar, sent_at__isnull=True)
    while unsent.exists() and time.perf_counter() - started < DRAIN_TIMEOUT:
        time.sleep(0.1)
    return time.perf_counter() - started


def create_bench_webinar(index, capacity, run_id):
    webinar = WebinarPage(
        title=f"Benchmark webinar {run_id}",
        slug=f"{SLUG_PREFIX}{run_id}",
        start=timezone.now() + timedelta(days=7),
        summary="Created by bench_registrations; deleted when the run ends.",
        description="<p>A throwaway webinar for the registration benchmark.</p>",
        capacity=capacity,
        waitlist=True,
        live=True,
    )
    index.add_child(instance=webinar)
    return webinar
