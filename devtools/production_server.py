"""The production stack on loopback, for the benchmarks, the audit, the browser and multi-instance tests.

collectstatic, then gunicorn (sync workers) with ctqsite.settings.production against the
database this process uses (or a throwaway demo site's), a random SECRET_KEY and no real
email delivery.
"""

import math
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import requests
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

HOST = "127.0.0.1"  # loopback only: nothing here ever sends load anywhere else
STARTUP_TIMEOUT = 60  # seconds for gunicorn to answer


def percentile(values, share):
    """Nearest-rank percentile: the smallest value with at least share% of values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


def latency_summary(values):
    return (
        f"p50 {percentile(values, 50):.1f}, p95 {percentile(values, 95):.1f}, "
        f"p99 {percentile(values, 99):.1f}, max {max(values):.1f}"
    )


def database_description():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    return connection.display_name


def database_url(db):
    """A DATABASE_URL for the database this process is using (under pytest, the test database)."""
    if db["ENGINE"] == "django.db.backends.sqlite3":
        if str(db["NAME"]) == ":memory:" or "mode=memory" in str(db["NAME"]):
            raise CommandError("An in-memory SQLite database cannot be shared with the server; use a file.")
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    if db["ENGINE"] == "django.db.backends.postgresql":
        password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
        auth = f"{quote(db['USER'], safe='')}{password}@" if db.get("USER") else ""
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{auth}{db.get('HOST') or ''}{port}/{quote(db['NAME'], safe='')}"
    raise CommandError(f"Unsupported database engine for the benchmark: {db['ENGINE']}.")


def server_environment(static_root, **overrides):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="ctqsite.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(connection.settings_dict),
        # Emails still go through the outbox row and the task; only the delivery is a no-op, so the
        # tasks (emails, search index updates) may run in the request, with no worker to start.
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        TASKS_BACKEND="immediate",
        # Production serves {% static %} from the manifest, so it has to be collected first.
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        # A page cache of this server's own, never the checkout's shared .page-cache, and keys of its
        # own in a shared Redis (REDIS_URL): what it caches, Wagtail's site paths included, belongs to
        # this database and must not be read by a server of another (servers that share pass one).
        PAGE_CACHE_DIR=str(Path(static_root).parent / "page-cache"),
        CACHE_KEY_PREFIX=f"loopback-{secrets.token_hex(4)}",
        # Plain HTTP on loopback, and all the load from one address: no HTTPS, per-address limits raised.
        HTTPS_ONLY="false",
        FORM_RATE_LIMIT="1000000",
        REGISTRATION_RATE_LIMIT="1000000",
        SEARCH_RATE_LIMIT="1000000",
    )
    env.update(overrides)
    return env


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def collect_static(static_root):
    run_manage(server_environment(static_root), "collectstatic", "--noinput", "--verbosity", "0")


@contextmanager
def production_server(workers, port, probe_path, static_root=None, **env_overrides):
    """gunicorn with the production settings on loopback; yields the base URL.

    Without static_root, collects the static files into a temporary one first. The database's Site is
    left as it is (the database may be a test's); whoever sets a database up points it here.
    """
    if port_in_use(port):
        raise CommandError(f"Port {port} is already in use; pass --port.")
    with tempfile.TemporaryDirectory(prefix="ctqsite-server-") as tmp:
        if static_root is None:
            static_root = Path(tmp) / "static"
            collect_static(static_root)
        base_url = f"http://{HOST}:{port}"
        env = server_environment(static_root, **{"WAGTAILADMIN_BASE_URL": base_url, **env_overrides})
        log_path = Path(tmp) / "gunicorn.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "ctqsite.wsgi:application",
                 "--workers", str(workers), "--bind", f"{HOST}:{port}",
                 # gunicorn 27 opens a control socket at a fixed path by default; two servers would share it.
                 "--no-control-socket"],
                cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                wait_until_answering(process, base_url + probe_path, log_path)
                yield base_url
            finally:
                stop(process)


@contextmanager
def demo_production_server(workers=2, port=None, **env_overrides):
    """A fresh demo site (its own SQLite database and media) under the production stack; yields the base URL.

    Django serves the images, as production does without S3, and the demo's Site is the address
    served, so its feeds, og:url and emails link to it.
    """
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="ctqdemo-") as tmp:
        site = {
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'demo.sqlite3'}",
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "PAGE_CACHE_DIR": str(Path(tmp) / "page-cache"),
        }
        env = server_environment(Path(tmp) / "static", WAGTAILADMIN_BASE_URL=f"http://{HOST}:{port}", **site)
        run_manage(env, "migrate", "--noinput", "--verbosity", "0")
        run_manage(env, "load_demo_content", "--verbosity", "0")
        run_manage(env, "set_site_url", "--verbosity", "0")
        run_manage(env, "create_demo_team", "--verbosity", "0")
        with production_server(workers, port, "/", **site, **env_overrides) as base_url:
            yield base_url, Path(tmp) / "demo.sqlite3"


@contextmanager
def task_worker(**env_overrides):
    """`manage.py db_worker` with the production settings, as production runs it beside gunicorn.

    Pass the same overrides as the server's (TASKS_BACKEND="database" among them), so both use one queue.
    """
    with tempfile.TemporaryDirectory(prefix="ctqsite-worker-") as tmp:
        env = server_environment(Path(tmp) / "static", **env_overrides)
        log_path = Path(tmp) / "worker.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1"],
                cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                yield process
            finally:
                stop(process)
                if process.returncode not in (0, -15):  # -15: our own SIGTERM
                    raise CommandError(f"db_worker exited with {process.returncode}:\n{log_path.read_text()[-2000:]}")


def run_manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise CommandError(f"manage.py {args[0]} failed:\n{done.stderr[-2000:]}")


def wait_until_answering(process, url, log_path):
    """Until the page answers 200; any other answer, or the server exiting, is an error."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()[-2000:]}")
        try:
            # A worker's first page can take seconds (imports, renditions) on a busy machine.
            status = requests.get(url, timeout=STARTUP_TIMEOUT, allow_redirects=False).status_code
        except requests.ConnectionError:
            time.sleep(0.2)
            continue
        if status != 200:
            raise CommandError(f"{url} answered {status}, not 200.")
        return
    raise CommandError(f"gunicorn did not answer within {STARTUP_TIMEOUT} s:\n{log_path.read_text()[-2000:]}")


def stop(process):
    process.terminate()  # SIGTERM: gunicorn's graceful shutdown
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
