"""Django's Redis cache, made so that a Redis outage slows pages down instead of breaking them."""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def survives_outage(method, default=None):
    """Log a Redis failure and answer as an empty cache would (a miss, or nothing stored)."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except RedisError as error:
            logger.warning("Redis cache unavailable (%s): %s", method.__name__, type(error).__name__)
            return default() if callable(default) else default

    return wrapper


class ResilientRedisCacheClient(RedisCacheClient):
    add = survives_outage(RedisCacheClient.add, default=False)
    set = survives_outage(RedisCacheClient.set)
    touch = survives_outage(RedisCacheClient.touch, default=False)
    delete = survives_outage(RedisCacheClient.delete, default=False)
    get_many = survives_outage(RedisCacheClient.get_many, default=dict)
    has_key = survives_outage(RedisCacheClient.has_key, default=False)
    # None, not ValueError: the key may well exist; callers must tell "unknown" from "missing".
    incr = survives_outage(RedisCacheClient.incr)
    set_many = survives_outage(RedisCacheClient.set_many, default=list)
    delete_many = survives_outage(RedisCacheClient.delete_many)
    clear = survives_outage(RedisCacheClient.clear, default=False)

    def get(self, key, default):
        return survives_outage(super().get, default=lambda: default)(key, default)


class ResilientRedisCache(RedisCache):
    """settings.CACHES backend for REDIS_URL: every operation survives Redis being down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
