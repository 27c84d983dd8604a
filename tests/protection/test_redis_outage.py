"""A hung or refusing Redis behind the site's caches (protection.cache's breaker): one request pays one
socket timeout, the next ones in the break make no call to Redis at all, sign-ups are kept and
answered, and once the break is over and Redis is back the caches are used again.

Redis here is a redis-server of the test's own: SIGSTOP hangs it as a stalled server would (the
kernel still accepts connections, nothing answers), SIGCONT brings it back.
"""

import os
import shutil
import signal
import subprocess
import threading
import time

import pytest
import redis
from django.core.cache import caches

from ctqsite.settings.base import cache_settings
from devtools.production_server import HOST, free_port
from protection import cache as fault_tolerant
from tests.utils import form_data
from webinars.factories import WebinarPageFactory
from webinars.models import Registration, WebinarIndexPage

pytestmark = pytest.mark.django_db

PAGES = ["/", "/school-stories/", "/search/?query=leadership", "/playbook/"]


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        for line in self.process.stdout:
            if "Ready to accept connections" in line:
                break
        else:
            raise RuntimeError(f"redis-server exited with {self.process.wait()}")
        # Its log is not read any more: let it go nowhere rather than fill the pipe.
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def hang(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        self.resume()
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed (apt-get install redis-server).")
        pytest.skip("redis-server is not installed.")
    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture
def redis_caches(settings, tmp_path, client):
    """The site's caches as production sets them up on REDIS_URL (the breaker included), page cache on.

    The pages are visited once first, so that their image renditions exist: making them takes
    seconds on a busy machine, which is neither Redis's time nor the breaker's. The break lasts
    longer than any test here; `later` moves the breaker's clock past it.
    """
    for path in PAGES:
        assert client.get(path).status_code == 200

    def use(url):
        settings.CACHES = {**settings.CACHES, **cache_settings(url, tmp_path / "pages")}
        settings.PAGE_CACHE_TIMEOUT = 600
        settings.CACHE_BREAK_SECONDS = 600

    return use


@pytest.fixture
def redis_commands(monkeypatch):
    """The calls this process has made to Redis, commands and pipelines: each one a hung server makes
    wait for its timeout."""
    sent = []
    command, pipeline = redis.Redis.execute_command, redis.client.Pipeline.execute

    def counting_command(self, *args, **options):
        sent.append(args[0])
        return command(self, *args, **options)

    def counting_pipeline(self, *args, **options):
        sent.append("pipeline")
        return pipeline(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting_command)
    monkeypatch.setattr(redis.client.Pipeline, "execute", counting_pipeline)
    return sent


@pytest.fixture
def later(monkeypatch):
    """Move the breaker's clock on, rather than wait for the break to end."""
    offset = [0.0]
    monkeypatch.setattr(fault_tolerant, "monotonic", lambda: time.monotonic() + offset[0])

    def by(seconds):
        offset[0] += seconds

    return by


def visit(client, path, sent):
    """(response, commands sent towards Redis, milliseconds) for one anonymous GET."""
    before, started = len(sent), time.perf_counter()
    response = client.get(path)
    return response, len(sent) - before, (time.perf_counter() - started) * 1000


def answered(request):
    """request(), which a missing socket timeout would hang for good: an alarm fails it instead."""

    def hung(signum, frame):
        raise AssertionError("No answer: the Redis socket timeout was not applied.")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        return request()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_with_redis_hung_one_request_pays_one_timeout_and_the_next_ones_make_no_call(
    client, settings, redis_server, redis_caches, redis_commands, later, figure
):
    redis_caches(redis_server.url)
    for path in ["/", "/playbook/"]:  # Redis works: each page is stored, then found
        assert client.get(path).status_code == 200 and client.get(path)["X-Cache"] == "HIT"
    sent_while_it_worked = len(redis_commands)

    redis_server.hang()
    response, commands, first_ms = answered(lambda: visit(client, "/", redis_commands))
    assert response.status_code == 200 and "X-Cache" not in response
    # One command met the hung server and timed out; everything after it skipped Redis.
    assert commands == 1
    next_ms = []
    for path in PAGES * 3:
        response, commands, ms = visit(client, path, redis_commands)
        assert response.status_code == 200 and commands == 0, path
        next_ms.append(ms)
    # The default and the pages cache share the server, so they share the break.
    assert caches["default"].get("anything", "missed") == "missed" and caches["pages"].get_many(["page"]) == {}
    assert len(redis_commands) == sent_while_it_worked + 1

    # The break is over, Redis is still hung: one call tries it (one timeout), and the break starts again.
    later(settings.CACHE_BREAK_SECONDS)
    assert visit(client, "/", redis_commands)[1] == 1
    assert visit(client, "/school-stories/", redis_commands)[1] == 0

    # Redis is back and the break over: the caches are used again, pages stored and served from them.
    redis_server.resume()
    later(settings.CACHE_BREAK_SECONDS)
    response, commands, _ = visit(client, "/playbook/", redis_commands)
    assert response.status_code == 200 and response["X-Cache"] == "HIT" and commands > 0
    figure(
        "Redis hung (stopped), with the breaker",
        f"first request {first_ms:.0f} ms (1 call to Redis, 1 timeout), the next {len(next_ms)} "
        f"{sum(next_ms) / len(next_ms):.1f} ms each (0 calls); cache used again once Redis is back",
    )


def test_without_the_break_every_call_waits_for_the_hung_redis(
    client, settings, redis_server, redis_caches, redis_commands, figure
):
    """The figure before the breaker: CACHE_BREAK_SECONDS=0 tries Redis on every call, as the wrapper did."""
    redis_caches(redis_server.url)
    settings.CACHE_BREAK_SECONDS = 0
    redis_server.hang()
    results = [answered(lambda path=path: visit(client, path, redis_commands)) for path in PAGES]
    assert all(response.status_code == 200 for response, _, _ in results)
    commands = [count for _, count, _ in results]
    assert min(commands) > 1  # several timeouts per request
    figure(
        "Redis hung (stopped), without the breaker (CACHE_BREAK_SECONDS=0)",
        f"{sum(ms for _, _, ms in results) / len(results):.0f} ms per request, "
        f"{sum(commands) / len(commands):.1f} calls to Redis (each a 0.5 s timeout) per request",
    )


def test_with_redis_refusing_connections_one_call_fails_and_the_next_requests_make_none(
    client, redis_caches, redis_commands
):
    redis_caches(f"redis://{HOST}:{free_port()}/0")  # nothing listens there
    assert visit(client, "/", redis_commands)[1] == 1
    for path in PAGES:
        response, commands, _ = visit(client, path, redis_commands)
        assert response.status_code == 200 and commands == 0, path


def test_with_redis_hung_sign_ups_are_saved_and_answered_and_no_rate_limit_refuses_them(
    client, settings, redis_server, redis_caches, redis_commands, figure
):
    webinar = WebinarPageFactory(parent=WebinarIndexPage.objects.live().first(), capacity=None)
    redis_caches(redis_server.url)
    settings.REGISTRATION_RATE_LIMIT = 1  # a limit the cache cannot count while Redis is skipped
    redis_server.hang()
    started = time.perf_counter()
    for number in range(5):
        sign_up = form_data(webinar, email=f"hung{number}@example.org")
        assert answered(lambda sign_up=sign_up: client.post(webinar.url, sign_up)).status_code == 302
    elapsed_ms = (time.perf_counter() - started) * 1000
    assert Registration.objects.filter(webinar=webinar, email__startswith="hung").count() == 5
    assert len(redis_commands) == 1
    figure("Redis hung: 5 sign-ups", f"5 saved and answered (302), 1 call to Redis, {elapsed_ms / 5:.0f} ms each")
