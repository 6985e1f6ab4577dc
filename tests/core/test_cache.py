"""core.cache.incr_many: many counters in one round trip, the same counters ``cache.incr`` sees."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from core.cache import incr_many


def _redis_cache():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: the Redis pipeline path is tested in the PostgreSQL + Redis run")
    from django.core.cache.backends.redis import RedisCache

    return RedisCache(url, {"KEY_PREFIX": "test-incr-many"})


@pytest.fixture(params=["locmem", "redis"])
def a_cache(request):
    cache = LocMemCache("incr-many", {}) if request.param == "locmem" else _redis_cache()
    cache.clear()
    yield cache
    cache.clear()


def test_counters_start_at_their_count_and_then_add(a_cache):
    assert incr_many({"a": 2, "b": 1}, timeout=20, cache=a_cache) == {"a": 2, "b": 1}
    assert incr_many({"a": 3}, timeout=20, cache=a_cache) == {"a": 5}
    assert a_cache.incr("b", 4) == 5  # the same counters as cache.incr's
    assert a_cache.get("a") == 5
    assert incr_many({}, timeout=20, cache=a_cache) == {}


def test_the_counters_expire(a_cache):
    incr_many({"a": 1}, timeout=20, cache=a_cache)
    if isinstance(a_cache, LocMemCache):
        assert a_cache._expire_info[a_cache.make_key("a")] is not None
    else:
        assert 0 < a_cache._cache.get_client(write=True).ttl(a_cache.make_key("a")) <= 20


def test_the_default_cache_is_used_when_none_is_given(monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    default = caches["default"]
    default.delete("incr-many-default")
    if isinstance(default, RedisCache):  # the pipeline, never incr's two round trips per key

        def not_incr(*args, **kwargs):
            raise AssertionError("incr_many used cache.incr on Redis")

        monkeypatch.setattr(RedisCache, "incr", not_incr)
    assert incr_many({"incr-many-default": 1}, timeout=5) == {"incr-many-default": 1}
    assert incr_many({"incr-many-default": 2}, timeout=5) == {"incr-many-default": 3}
    assert default.get("incr-many-default") == 3
