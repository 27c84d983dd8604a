"""The site as production runs it, on loopback: collectstatic, then gunicorn with the production settings.

Used by `bench_registrations` (load against this process's database), and by
`audit_pages` and the browser tests (a throwaway demo site of their own).
"""

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

HOST = "127.0.0.1"  # loopback only: nothing here ever serves or sends anywhere else
STARTUP_TIMEOUT = 30  # seconds for gunicorn to answer


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
    raise CommandError(f"Unsupported database engine for the production server: {db['ENGINE']}.")


def server_environment(static_root, **overrides):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="ctqsite.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Emails still go through the outbox rows and the tasks; only the delivery is a no-op.
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        # Production serves {% static %} from the manifest, so it has to be collected first.
        STATIC_ROOT=str(static_root),
    )
    # By default the server shares this process's database and uploads (under pytest, the test ones).
    env.update(DATABASE_URL=database_url(connection.settings_dict), MEDIA_ROOT=str(settings.MEDIA_ROOT))
    env.update(overrides)
    return env


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def production_server(workers, port, probe_path, **env_overrides):
    """Run collectstatic and gunicorn with the production settings; yields the base URL."""
    if port_in_use(port):
        raise CommandError(f"Port {port} is already in use; pass --port.")
    with tempfile.TemporaryDirectory(prefix="ctqserver-") as tmp:
        env = server_environment(Path(tmp) / "static", **env_overrides)
        run_manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        log_path = Path(tmp) / "gunicorn.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "ctqsite.wsgi:application",
                 "--workers", str(workers), "--bind", f"{HOST}:{port}",
                 # gunicorn 27 opens a control socket at a fixed path by default; two runs would share it.
                 "--no-control-socket"],
                cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                base_url = f"http://{HOST}:{port}"
                wait_until_answering(process, base_url + probe_path, log_path)
                yield base_url
            finally:
                stop(process)


@contextmanager
def demo_production_server(workers=2, port=None):
    """A fresh demo site (its own SQLite database and media) under the production stack; yields the base URL.

    Uploads are served by Django (SERVE_MEDIA=1), as a web server would in front of production.
    """
    with tempfile.TemporaryDirectory(prefix="ctqdemo-") as tmp:
        site = {
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'demo.sqlite3'}",
            "MEDIA_ROOT": str(Path(tmp) / "media"),
            "SERVE_MEDIA": "1",
        }
        env = server_environment(Path(tmp) / "static", **site)
        run_manage(env, "migrate", "--noinput", "--verbosity", "0")
        run_manage(env, "load_demo_content", "--verbosity", "0")
        with production_server(workers, port or free_port(), "/", **site) as base_url:
            yield base_url, Path(tmp) / "demo.sqlite3"


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
            # A first view can be slow: it makes the page's image renditions.
            status = requests.get(url, timeout=STARTUP_TIMEOUT, allow_redirects=False).status_code
        except requests.ConnectionError:
            time.sleep(0.2)
            continue
        if status != 200:
            raise CommandError(f"{url} answered {status}, not 200:\n{log_path.read_text()[-2000:]}")
        return
    raise CommandError(f"gunicorn did not answer within {STARTUP_TIMEOUT} s:\n{log_path.read_text()[-2000:]}")


def stop(process):
    process.terminate()  # SIGTERM: gunicorn's graceful shutdown
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
