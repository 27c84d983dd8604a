"""A cache backend that survives its server being down: pages render from the database instead.

Wraps any Django cache backend (Redis, Memcached, files) named in OPTIONS["BACKEND"]:

    CACHES = {"default": {
        "BACKEND": "ctqsite.cache.FaultTolerantCache",
        "LOCATION": "redis://cache.internal:6379/0",
        "OPTIONS": {"BACKEND": "django.core.cache.backends.redis.RedisCache"},
    }}

Every failure is logged and answered as an empty cache would: reads miss, writes store
nothing. incr() answers None, not a number, so callers (ctqsite.ratelimit) can tell
"unknown" from a real count. Process memory (LocMemCache) cannot go down and needs no wrapper.
"""

import functools
import logging
import os
import pickle
import time
import zlib
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def report(operation, error):
    logger.warning("Cache unavailable (%s): %s", operation, type(error).__name__)


def survives_outage(default=None):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except ValueError:  # incr/decr of a missing key: an answer, not an outage
                raise
            except Exception as error:  # noqa: BLE001 - any backend's connection or storage error
                report(method.__name__, error)
                return default() if callable(default) else default

        return wrapper

    return decorate


class FaultTolerantCache(BaseCache):
    def __init__(self, location, params):
        options = dict(params.get("OPTIONS", {}))
        backend_class = import_string(options.pop("BACKEND"))
        super().__init__(params)
        self._make_backend = lambda: backend_class(location, {**params, "OPTIONS": options})
        self._backend = None

    @property
    def backend(self):
        # Made on first use and again until it works: some backends touch their storage when made.
        if self._backend is None:
            self._backend = self._make_backend()
        return self._backend

    @survives_outage(default=False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.backend.add(key, value, timeout, version)

    def get(self, key, default=None, version=None):
        try:
            return self.backend.get(key, default, version)
        except Exception as error:  # noqa: BLE001 - as survives_outage, answering the caller's default
            report("get", error)
            return default

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

    @survives_outage()
    def close(self, **kwargs):
        if self._backend is not None:  # Django closes every cache after each request
            self._backend.close(**kwargs)


class SharedFileCache(FileBasedCache):
    """Django's file cache, with add() and incr() atomic across every process on the machine.

    The default cache without Redis: the gunicorn workers share its directory, so a rate limit
    (ctqsite.ratelimit) counts every worker's requests. Django's file cache alone would lose
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
