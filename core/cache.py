"""Counters in the shared cache, many in one round trip."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache


def incr_many(counts: Mapping[str, int], *, timeout: int, cache: BaseCache | None = None) -> dict[str, int]:
    """Add each count to its counter (``cache.incr``), starting a missing counter (``cache.add``, kept
    ``timeout`` seconds); returns each counter's new total. On Redis one round trip for all of them
    (a pipeline of INCRBY and EXPIRE per key, where ``cache.incr`` costs two round trips per key: the
    chat's group commit takes every sender's rate-limit tokens of a batch at once); elsewhere per key.
    The counters are the ones ``cache.incr`` / ``cache.get`` see. ``cache``: the default cache when
    None (the backend itself: ``django.core.cache.cache`` is a proxy, not a ``RedisCache``)."""
    if not counts:
        return {}
    if cache is None:
        cache = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(cache, RedisCache):
        keys = {name: cache.make_and_validate_key(name) for name in counts}
        pipeline = cache._cache.get_client(write=True).pipeline(transaction=False)
        for name, count in counts.items():
            pipeline.incrby(keys[name], count)
            # A counter's key names its window: refreshing its expiry on each batch keeps it at most
            # ``timeout`` past its last use (EXPIRE … NX would need Redis 7).
            pipeline.expire(keys[name], timeout)
        replies = pipeline.execute()
        return {name: int(total) for name, total in zip(counts, replies[::2], strict=True)}
    totals = {}
    for name, count in counts.items():
        try:
            totals[name] = cache.incr(name, count)
        except ValueError:  # a new counter: start it, unless another process just did
            totals[name] = count if cache.add(name, count, timeout=timeout) else cache.incr(name, count)
    return totals
