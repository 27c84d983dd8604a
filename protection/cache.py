"""A cache backend that survives its server being down or hung: pages render from the database instead.

Wraps any Django cache backend (Redis, Memcached, files) named in OPTIONS["BACKEND"]:

    CACHES = {"default": {
        "BACKEND": "protection.cache.FaultTolerantCache",
        "LOCATION": "redis://cache.internal:6379/0",
        "OPTIONS": {"BACKEND": "django.core.cache.backends.redis.RedisCache"},
    }}

Every failure is logged and answered as an empty cache would: reads miss, writes store
nothing. incr() answers None, not a number, so callers (protection.ratelimit) can tell
"unknown" from a real count. Process memory (LocMemCache) cannot go down and needs no wrapper.

A circuit breaker keeps a hung server from costing every call its socket timeout (a request
makes several): after a failure, this process skips the server for CACHE_BREAK_SECONDS,
answering as an empty cache at once. The break is per LOCATION, so the default and the pages
cache share it when they share a Redis. Once it is over, one call tries the server again
(half-open): if it answers, the cache is back; if not, the break starts over.

Why a wrapper of our own: Django's RedisCache raises on every outage; django-redis (7.0) has
IGNORE_EXCEPTIONS and socket timeouts but no breaker, so with a hung Redis each call still
waits its timeout (measured: every get() 500 ms with a 0.5 s SOCKET_TIMEOUT); pybreaker holds one lock across every call it guards, which would
queue all the cache calls of a threaded server behind each other.
"""

import functools
import logging
import os
import pickle
import threading
import time
import zlib
from contextlib import contextmanager
from time import monotonic

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class Breaker:
    """Whether calls to one cache server may go through: closed (yes), open (no) until retry_at."""

    def __init__(self):
        self.retry_at = None  # None while closed
        self.lock = threading.Lock()

    def allows(self):
        if self.retry_at is None:
            return True
        with self.lock:
            now = monotonic()
            if self.retry_at is None or now >= self.retry_at:
                # Half-open: this call tries the server; the others keep skipping it until it answers.
                if self.retry_at is not None:
                    self.retry_at = now + settings.CACHE_BREAK_SECONDS
                return True
            return False

    def failed(self, operation, error):
        with self.lock:
            self.retry_at = monotonic() + settings.CACHE_BREAK_SECONDS
        logger.warning(
            "Cache unavailable (%s): %s; not tried again for %s s", operation, type(error).__name__,
            settings.CACHE_BREAK_SECONDS,
        )  # fmt: skip

    def succeeded(self):
        if self.retry_at is not None:
            with self.lock:
                self.retry_at = None
            logger.info("Cache available again")


BREAKERS = {}  # one per cache server (LOCATION) in this process


def breaker_for(location):
    return BREAKERS.setdefault(str(location), Breaker())


def survives_outage(default=None):
    """The method answers `default` (or default() when callable) when the cache fails or is skipped."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            return self.guarded(method.__name__, lambda: method(self, *args, **kwargs), default)

        return wrapper

    return decorate


class FaultTolerantCache(BaseCache):
    def __init__(self, location, params):
        options = dict(params.get("OPTIONS", {}))
        backend_class = import_string(options.pop("BACKEND"))
        super().__init__(params)
        self._make_backend = lambda: backend_class(location, {**params, "OPTIONS": options})
        self._backend = None
        self.breaker = breaker_for(location)

    @property
    def backend(self):
        # Made on first use and again until it works: some backends touch their storage when made.
        if self._backend is None:
            self._backend = self._make_backend()
        return self._backend

    def guarded(self, operation, call, default):
        """call(), unless the server is in a break or fails: then the empty cache's answer."""
        if self.breaker.allows():
            try:
                result = call()
            except ValueError:  # incr/decr of a missing key: an answer, not an outage
                self.breaker.succeeded()
                raise
            except Exception as error:  # noqa: BLE001 - any backend's connection or storage error
                self.breaker.failed(operation, error)
            else:
                self.breaker.succeeded()
                return result
        return default() if callable(default) else default

    @survives_outage(default=False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.backend.add(key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self.guarded("get", lambda: self.backend.get(key, default, version), lambda: default)

    @survives_outage()
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.backend.set(key, value, timeout, version)

    @survives_outage(default=False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.backend.touch(key, timeout, version)

    @survives_outage(default=False)
    def delete(self, key, version=None):
        return self.backend.delete(key, version)

    @survives_outage(default=dict)
    def get_many(self, keys, version=None):
        return self.backend.get_many(keys, version)

    @survives_outage(default=False)
    def has_key(self, key, version=None):
        return self.backend.has_key(key, version)

    @survives_outage()
    def incr(self, key, delta=1, version=None):
        return self.backend.incr(key, delta, version)

    @survives_outage()
    def decr(self, key, delta=1, version=None):
        return self.backend.decr(key, delta, version)

    @survives_outage(default=list)
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.backend.set_many(data, timeout, version)

    @survives_outage()
    def delete_many(self, keys, version=None):
        return self.backend.delete_many(keys, version)

    @survives_outage()
    def clear(self):
        return self.backend.clear()

    def close(self, **kwargs):
        # Django closes every cache after each request. Local work, never a call to the server,
        # so it neither waits for a break to end nor counts as the server answering.
        if self._backend is not None:
            try:
                self._backend.close(**kwargs)
            except Exception as error:  # noqa: BLE001 - as guarded()
                logger.warning("Cache not closed: %s", type(error).__name__)


class SharedFileCache(FileBasedCache):
    """Django's file cache, with add() and incr() atomic across every process on the machine.

    The default cache without Redis: the gunicorn workers share its directory, so a rate limit
    (protection.ratelimit) counts every worker's requests. Django's file cache alone would lose
    increments made at the same time by two workers, and its incr() would reset the counter's
    expiry to the default timeout; here both hold one lock file and incr() keeps the expiry.
    """

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._lock_path = os.path.join(os.path.abspath(dir), "counters.lock")

    @contextmanager
    def _locked(self):
        os.makedirs(os.path.dirname(self._lock_path), exist_ok=True)
        with open(self._lock_path, "ab") as lock:
            locks.lock(lock, locks.LOCK_EX)  # released when the file closes
            yield

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._locked():
            try:
                with open(self._key_to_file(key, version), "rb") as entry:
                    # Django's file format: the expiry time, then the compressed value.
                    expiry = pickle.load(entry)
                    value = pickle.loads(zlib.decompress(entry.read()))
            except FileNotFoundError:
                expiry, value = 0, None
            remaining = None if expiry is None else expiry - time.time()
            if value is None or (remaining is not None and remaining <= 0):
                raise ValueError(f"Key '{key}' not found")
            self.set(key, value + delta, remaining, version)
            return value + delta
