"""The cache used when REDIS_URL is set: Django's RedisCache, but a Redis that cannot be reached is a miss.

Everything the app caches can be worked out again from the database (indicator figures, a run's
live progress), so while Redis is down pages are slower, not broken. Django's RedisCache raises
on a connection error, which would turn every page that reads the cache into a server error.
Reads give the default, writes report "not stored", and the failure is logged (at most every
LOG_EVERY seconds per process, so an outage does not flood the log).
"""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_EVERY = 30.0
_last_logged = 0.0


def _log_unavailable(operation: str, exc: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY:
        _last_logged = now
        logger.warning("Cache unavailable (%s: %s); carrying on without it", operation, exc)


def _forgiving(on_error):
    """Run the RedisCache method; on a Redis error log it and return `on_error(*args, **kwargs)`."""

    def wrap(method):
        @functools.wraps(method)
        def forgiving(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as exc:
                _log_unavailable(method.__name__, exc)
                return on_error(*args, **kwargs)

        return forgiving

    return wrap


def _default(key, default=None, version=None):
    return default


def _missing_key(key, *args, **kwargs):
    # incr/decr on a missing key raise ValueError; a cache that is not there has no keys.
    raise ValueError(f"Key {key!r} not found (cache unavailable)")


class ForgivingRedisCache(RedisCache):
    get = _forgiving(_default)(RedisCache.get)
    add = _forgiving(lambda *a, **k: False)(RedisCache.add)
    set = _forgiving(lambda *a, **k: None)(RedisCache.set)
    touch = _forgiving(lambda *a, **k: False)(RedisCache.touch)
    delete = _forgiving(lambda *a, **k: False)(RedisCache.delete)
    has_key = _forgiving(lambda *a, **k: False)(RedisCache.has_key)
    incr = _forgiving(_missing_key)(RedisCache.incr)
    get_many = _forgiving(lambda *a, **k: {})(RedisCache.get_many)
    # Keys that could not be stored, as set_many reports them.
    set_many = _forgiving(lambda data, *a, **k: list(data))(RedisCache.set_many)
    delete_many = _forgiving(lambda *a, **k: None)(RedisCache.delete_many)
    clear = _forgiving(lambda *a, **k: False)(RedisCache.clear)
