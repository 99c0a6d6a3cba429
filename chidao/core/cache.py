"""Django's Redis cache backend, made to survive Redis going away.

Selected by `CHIDAO_CACHE_URL=redis://…` (settings.py) for the default and the figures caches, so
every web process and the worker share the figures, the follow-the-chair state and the meeting
access checks. Nothing there is the only copy of anything: figures are recomputed from the database
and the live state is read from the meeting's row. So when Redis is down or unreachable a page must
still answer, from the database: every cache call that cannot reach Redis behaves as a miss (a get
returns its default, a set stores nothing), a warning is logged at most once a minute per process,
and for a few seconds after a failure Redis is not even tried, so a page costs no connection attempt
per figure while it is down.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("chidao.cache")

# After a failure, calls skip Redis for this long (seconds); one warning at most this often.
RETRY_AFTER = 2.0
LOG_EVERY = 60.0


class _Outage:
    """One per Redis address in this process: when it last failed, when it was last reported."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.logged_at = -LOG_EVERY
        self.failures = 0

    def skipping(self) -> bool:
        return time.monotonic() < self.down_until

    def failed(self, server: str, error: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            self.down_until = now + RETRY_AFTER
            self.failures += 1
            if now - self.logged_at < LOG_EVERY:
                return
            self.logged_at, failures, self.failures = now, self.failures, 0
        logger.warning("Redis cache %s unreachable (%s: %s); pages answer from the database "
                       "(%d failed calls since the last warning)", server, type(error).__name__, error, failures)


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage(server: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(server, _Outage())


def _errors() -> tuple[type[Exception], ...]:
    import redis

    # ConnectionError and TimeoutError of redis-py, and the socket's own (a reset, a refused connect).
    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, redis.exceptions.BusyLoadingError,
            OSError)


def _guarded(fallback: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run the client call; when Redis cannot be reached, note the outage and return `fallback(...)`."""
    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def call(self: SafeRedisCacheClient, *args: Any, **kwargs: Any) -> Any:
            if self._outage.skipping():
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except _errors() as error:
                self._outage.failed(self._server_label, error)
                return fallback(*args, **kwargs)
        return call
    return wrap


def _missing_key(*args: Any, **kwargs: Any) -> Any:
    raise ValueError("Key not found (Redis unreachable).")  # what incr says of a missing key


class SafeRedisCacheClient(RedisCacheClient):
    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        # Only the address, never a password given in the URL.
        self._server_label = ", ".join(s.rsplit("@", 1)[-1] for s in servers)
        self._outage = _outage(self._server_label)

    add = _guarded(lambda key, value, timeout: False)(RedisCacheClient.add)
    get = _guarded(lambda key, default: default)(RedisCacheClient.get)
    set = _guarded(lambda key, value, timeout: None)(RedisCacheClient.set)
    touch = _guarded(lambda key, timeout: False)(RedisCacheClient.touch)
    delete = _guarded(lambda key: False)(RedisCacheClient.delete)
    get_many = _guarded(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _guarded(lambda key: False)(RedisCacheClient.has_key)
    incr = _guarded(_missing_key)(RedisCacheClient.incr)
    set_many = _guarded(lambda data, timeout: list(data))(RedisCacheClient.set_many)
    delete_many = _guarded(lambda keys: None)(RedisCacheClient.delete_many)
    clear = _guarded(lambda: False)(RedisCacheClient.clear)


class SafeRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` whose calls never fail for want of Redis."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SafeRedisCacheClient
