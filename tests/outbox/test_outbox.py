"""Owed emails against real processes and a mail server of the test's own: a task worker killed or
stopped mid-send loses nothing and sends nothing twice, a sign-up never waits for the mail server,
and production reads its mail server from the environment."""

import datetime
import queue
import signal
import socketserver
import subprocess
import sys
import threading
from email import message_from_bytes
from io import StringIO

import pytest
import requests
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from devtools.management.commands.bench_registrations import register_once
from devtools.production_server import HOST, free_port, production_server, server_environment
from tests.utils import GOOD_KEY, details, routable_home_page, run_production
from webinars.factories import WebinarIndexPageFactory, WebinarPageFactory
from webinars.models import Registration, RegistrationEmail, WebinarIndexPage
from webinars.registration import register
from webinars.tasks import send_registration_email

SMTP = "django.core.mail.backends.smtp.EmailBackend"
WORKER_START_TIMEOUT = 120  # seconds for a worker to reach the email (imports, Wagtail's own tasks first)


# --- A mail server of the test's own --------------------------------------------------------------


class MailServer(socketserver.ThreadingTCPServer):
    """SMTP on loopback, in one of three moods (`mode`, read as each step happens):

    "answer" accepts every message; "silent" accepts the connection and never says a word (a hung
    server); "hold" takes the whole message, then never answers its end of DATA, so the client
    waits inside send(). A held message is never delivered: only an answered one counts.
    """

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, mode):
        super().__init__((HOST, 0), Conversation)
        self.mode = mode
        self.connections = 0
        self.delivered = []  # the messages answered 250, as email.message.Message
        self.holding = threading.Event()  # a client is waiting on its end of DATA
        self.closing = threading.Event()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self):
        return self.server_address[1]

    def close(self):
        self.closing.set()
        self.shutdown()
        self.server_close()


class Conversation(socketserver.StreamRequestHandler):
    def handle(self):
        server = self.server
        server.connections += 1
        if server.mode == "silent":
            server.closing.wait()
            return
        self.reply("220 test mail server")
        for line in self.rfile:
            command = line[:4].upper()
            if command == b"DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                message = self.read_message()
                if server.mode == "hold":
                    server.holding.set()
                    self.wait_for_the_client_to_give_up()
                    return
                server.delivered.append(message_from_bytes(message))
                self.reply("250 accepted")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:  # EHLO, MAIL FROM, RCPT TO, RSET, NOOP
                self.reply("250 ok")

    def read_message(self):
        lines = []
        for line in self.rfile:
            if line == b".\r\n":
                break
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)

    def wait_for_the_client_to_give_up(self):
        # A killed client closes the connection; a stopped one says QUIT on its way out.
        for line in self.rfile:
            if line[:4].upper() == b"QUIT":
                self.reply("221 bye")
                return

    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")


@pytest.fixture
def mail_server():
    servers = []

    def start(mode):
        servers.append(MailServer(mode))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def recipients(server):
    return [message["To"] for message in server.delivered]


# --- Helpers --------------------------------------------------------------------------------------


def point_mail_at(settings, server):
    """This process's own sends (the retry commands below) go to the test's server."""
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = HOST, server.port


def retry():
    out = StringIO()
    call_command("send_registration_emails", stdout=out)
    return out.getvalue().strip()


def worker_environment(tmp_path, server, **overrides):
    """The production settings as the worker runs them, sending to the test's mail server."""
    return server_environment(
        tmp_path / "static",
        EMAIL_BACKEND=SMTP, EMAIL_HOST=HOST, EMAIL_PORT=str(server.port), TASKS_BACKEND="database", **overrides,
    )  # fmt: skip


def start_worker(settings, env):
    """`manage.py db_worker` in a process of its own; its log lines go to the returned queue."""
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines = queue.SimpleQueue()
    threading.Thread(target=lambda: [lines.put(line) for line in worker.stdout], daemon=True).start()
    return worker, lines


def drain(lines):
    text = []
    while not lines.empty():
        text.append(lines.get())
    return "".join(text)[-3000:]


def new_webinar():
    # Transactional tests before this one may have emptied the database, demo site and all.
    index = WebinarIndexPage.objects.first() or WebinarIndexPageFactory(parent=routable_home_page())
    return WebinarPageFactory(parent=index, start=timezone.now() + datetime.timedelta(days=5))


def sign_up_with_the_worker_backend(settings, email):
    """A sign-up whose email waits in the database for a worker (committed: the worker sees it)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    register(new_webinar(), details(email))
    return RegistrationEmail.objects.get(registration__email=email)


# --- Item 10: a worker killed or stopped mid-send -------------------------------------------------


# transaction=True: the worker process only sees committed rows, and commits its own.
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_leaves_the_email_owed_and_the_retry_delivers_it_exactly_once(
    settings, tmp_path, mail_server, figure
):
    server = mail_server("hold")
    point_mail_at(settings, server)
    owed = sign_up_with_the_worker_backend(settings, "killed@example.org")
    worker, log = start_worker(settings, worker_environment(tmp_path, server, EMAIL_TIMEOUT="300"))
    try:
        assert server.holding.wait(WORKER_START_TIMEOUT), drain(log)
        owed.refresh_from_db()
        # Claimed by the worker, inside send(), and not marked sent.
        assert owed.sent_at is None and owed.claimed_at is not None
        # While the worker holds its claim, a retry leaves the email to it: no second connection.
        assert retry() == "Sent 0 of 0 owed registration emails."
        assert server.connections == 1
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        worker.kill()
    server.mode = "answer"
    # The dead worker's claim lasts until its lease runs out; until then, still nobody sends it.
    assert retry() == "Sent 0 of 0 owed registration emails." and server.delivered == []
    # The lease has run out (the test shortens it rather than wait EMAIL_LEASE_SECONDS).
    settings.EMAIL_LEASE_SECONDS = 0
    assert retry() == "Sent 1 of 1 owed registration emails."
    assert retry() == "Sent 0 of 0 owed registration emails."
    assert recipients(server) == ["killed@example.org"]
    owed.refresh_from_db()
    assert owed.sent_at is not None and owed.claimed_at is None and owed.attempts == 2
    figure("worker killed (SIGKILL) inside send(), then the retry", "1 email delivered, 0 lost, 0 twice")


@pytest.mark.django_db(transaction=True)
def test_a_worker_stopped_by_a_second_sigterm_mid_send_gives_the_email_back_for_the_next_retry(
    settings, tmp_path, mail_server, figure
):
    server = mail_server("hold")
    point_mail_at(settings, server)
    owed = sign_up_with_the_worker_backend(settings, "stopped@example.org")
    worker, log = start_worker(settings, worker_environment(tmp_path, server, EMAIL_TIMEOUT="300"))
    try:
        assert server.holding.wait(WORKER_START_TIMEOUT), drain(log)
        # The first SIGTERM asks the worker to finish its task; the second raises SystemExit inside send().
        worker.send_signal(signal.SIGTERM)
        while "shutting down gracefully" not in log.get(timeout=30):
            pass
        stop_again(worker)
    finally:
        worker.kill()
    owed.refresh_from_db()
    assert owed.sent_at is None and owed.claimed_at is None and owed.last_error == "SystemExit"
    server.mode = "answer"
    # Given back, not left claimed: the very next retry sends it, with no lease to wait out.
    assert retry() == "Sent 1 of 1 owed registration emails."
    assert retry() == "Sent 0 of 0 owed registration emails."
    assert recipients(server) == ["stopped@example.org"]
    figure("worker stopped by a second SIGTERM inside send(), then the retry", "1 email delivered, 0 lost, 0 twice")


def stop_again(worker):
    """The second SIGTERM. One that lands while the worker still runs its handler for the first waits
    unseen until the blocked read returns, so it is sent again until the worker has gone."""
    for _ in range(10):
        worker.send_signal(signal.SIGTERM)
        try:
            return worker.wait(timeout=3)
        except subprocess.TimeoutExpired:
            continue
    raise AssertionError("The worker did not stop on a second SIGTERM.")


class StoppedWorkerBackend(BaseEmailBackend):
    """The process is told to stop while the message is on its way."""

    stop = SystemExit

    def send_messages(self, messages):
        raise self.stop()


class InterruptedWorkerBackend(StoppedWorkerBackend):
    stop = KeyboardInterrupt


@pytest.mark.django_db
@pytest.mark.parametrize("backend", [StoppedWorkerBackend, InterruptedWorkerBackend])
def test_systemexit_or_keyboardinterrupt_during_send_leaves_the_email_unsent_and_goes_on_stopping(settings, backend):
    register(new_webinar(), details("interrupted@example.org"))  # its on-commit send never runs here
    owed = RegistrationEmail.objects.get(registration__email="interrupted@example.org")
    settings.EMAIL_BACKEND = f"{__name__}.{backend.__name__}"
    with pytest.raises(backend.stop):
        send_registration_email.call(owed.pk)
    owed.refresh_from_db()
    assert owed.sent_at is None and owed.claimed_at is None and owed.last_error == backend.stop.__name__
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert retry() == "Sent 1 of 1 owed registration emails."
    assert [message.to for message in mail.outbox] == [["interrupted@example.org"]]


# --- Item 11: mail never inside a request; the mail server from the environment ------------------


@pytest.mark.django_db(transaction=True)
def test_a_sign_up_with_the_mail_server_hung_is_answered_at_once_and_its_email_goes_once_the_server_answers(
    settings, tmp_path, mail_server, figure
):
    server = mail_server("silent")  # accepts connections and never says a word
    webinar = new_webinar()
    path = webinar.get_url_parts()[2]
    # The production defaults (TASKS_BACKEND unset), the mail server from EMAIL_HOST and EMAIL_PORT.
    mail_env = {"EMAIL_BACKEND": "", "EMAIL_HOST": HOST, "EMAIL_PORT": str(server.port), "TASKS_BACKEND": ""}
    # FORM_MIN_FILL_SECONDS=0: the sign-up is posted at once after the page, as no person would.
    with production_server(1, free_port(), path, FORM_MIN_FILL_SECONDS="0", **mail_env) as base_url:
        session = requests.Session()
        session.trust_env = False
        attempt = register_once(session, base_url + path, "hung@example.org", 0)
    assert attempt.outcome == "302", attempt
    # Answered without a word to the mail server; the registration and the email it owes are kept.
    assert server.connections == 0
    owed = RegistrationEmail.objects.get(registration__email="hung@example.org", sent_at__isnull=True)
    assert Registration.objects.filter(webinar=webinar, email="hung@example.org").exists()

    # The worker tries the hung server for EMAIL_TIMEOUT, gives up, and the email stays owed.
    worker, log = start_worker(settings, {**server_environment(tmp_path / "static", **mail_env), "EMAIL_TIMEOUT": "1"})
    assert worker.wait(timeout=WORKER_START_TIMEOUT) == 0, drain(log)
    owed.refresh_from_db()
    assert server.connections == 1 and owed.sent_at is None
    assert owed.last_error == "SMTPServerDisconnected"  # what smtplib makes of its read timing out

    # The server answers again: the next retry delivers the email, once.
    server.mode = "answer"
    point_mail_at(settings, server)
    assert retry() == "Sent 1 of 1 owed registration emails."
    assert retry() == "Sent 0 of 0 owed registration emails."
    assert recipients(server) == ["hung@example.org"]
    figure(
        "sign-up through gunicorn with the mail server hung (accepts, never answers)",
        f"answered 302 in {attempt.post_ms:.0f} ms, 0 connections to the mail server from the request; "
        "1 email delivered after it answered",
    )


MAIL_PROBE = (
    "import ctqsite.settings.production as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, "
    "s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.EMAIL_TIMEOUT, s.TASKS_BACKEND)"
)


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, f"{SMTP} localhost 25   False False 10.0 database"),
        (
            {"EMAIL_URL": "smtp+tls://mailer:p%40ss%2Fword@smtp.example.org:2587"},
            f"{SMTP} smtp.example.org 2587 mailer p@ss/word True False 10.0 database",
        ),
        ({"EMAIL_URL": "smtp+ssl://mailer:secret@smtp.example.org"}, f"{SMTP} smtp.example.org 465 mailer secret False True"),
        (
            {"EMAIL_HOST": "mail.internal", "EMAIL_HOST_USER": "site", "EMAIL_HOST_PASSWORD": "pw", "EMAIL_USE_TLS": "true",
             "EMAIL_TIMEOUT": "4.5"},
            f"{SMTP} mail.internal 587 site pw True False 4.5 database",
        ),
        ({"EMAIL_HOST": "mail.internal", "EMAIL_PORT": "2525"}, f"{SMTP} mail.internal 2525   False False 10.0"),
        (
            {"TASKS_BACKEND": "immediate", "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"},
            "django.core.mail.backends.dummy.EmailBackend localhost 25   False False 10.0 immediate",
        ),
    ],
)  # fmt: skip
def test_production_reads_its_mail_server_from_the_environment(env, expected):
    result = run_production("-c", MAIL_PROBE, SECRET_KEY=GOOD_KEY, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(expected), result.stdout


@pytest.mark.parametrize(
    "env, message",
    [
        ({"TASKS_BACKEND": "immediate"}, "TASKS_BACKEND=immediate would send email inside web requests"),
        ({"TASKS_BACKEND": "immediate", "EMAIL_URL": "smtp://mail.internal"}, "would send email inside web requests"),
        ({"EMAIL_URL": "smtp://mail.internal", "EMAIL_HOST": "other.internal"}, "Set EMAIL_URL or EMAIL_HOST, not both"),
        ({"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "exclude each other"),
        ({"EMAIL_USE_TLS": "ture"}, "EMAIL_USE_TLS must be true or false"),
    ],
)  # fmt: skip
def test_production_refuses_mail_settings_that_would_send_inside_a_request_or_contradict_themselves(env, message):
    result = run_production("-c", MAIL_PROBE, SECRET_KEY=GOOD_KEY, **env)
    assert result.returncode != 0 and message in result.stderr, result.stderr[-2000:]
