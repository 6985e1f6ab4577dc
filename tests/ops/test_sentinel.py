"""REDIS_SENTINELS: the channel layer follows a Sentinel-managed primary (channels-redis's ``sentinels``)."""

from __future__ import annotations

from tests.accounts.test_settings_and_health import PRODUCTION_ENV, manage

SHOW = "from django.conf import settings; print(settings.CHANNEL_LAYERS['default']['CONFIG']['hosts'][0])"


def test_without_sentinels_the_layer_uses_redis_url(monkeypatch):
    from config.channel_layer import channel_layer_host

    monkeypatch.delenv("REDIS_SENTINELS", raising=False)
    assert channel_layer_host("redis://r:6379/0") == {
        "address": "redis://r:6379/0",
        "socket_timeout": 15,
        "max_connections": 1000,
    }


def test_sentinels_from_the_environment(monkeypatch):
    from config.channel_layer import channel_layer_host

    monkeypatch.setenv("REDIS_SENTINELS", "10.0.0.1:26379, 10.0.0.2:26379,[fd00::3]:26379")
    monkeypatch.setenv("REDIS_SENTINEL_MASTER", "tumbuh")
    monkeypatch.setenv("REDIS_PASSWORD", "s3cret")
    host = channel_layer_host("redis://haproxy:6379/0")
    assert host["sentinels"] == [("10.0.0.1", 26379), ("10.0.0.2", 26379), ("fd00::3", 26379)]
    assert host["master_name"] == "tumbuh" and host["db"] == 0
    assert host["password"] == "s3cret" and host["sentinel_kwargs"] == {"password": "s3cret"}
    assert host["socket_timeout"] == 15 and "address" not in host


def test_the_layer_builds_a_sentinel_pool():
    """channels-redis accepts the host as built (no network needed to build the pool)."""
    from channels_redis.utils import create_pool

    pool = create_pool({"sentinels": [("127.0.0.1", 1)], "master_name": "mymaster", "socket_timeout": 15})
    assert type(pool).__name__ == "SentinelConnectionPool"


def test_settings_read_sentinels_and_refuse_bad_entries_in_one_line():
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/5", "REDIS_SENTINELS": "s1:26379,s2:26379"}
    shown = manage("shell", "-c", SHOW, env=env)
    assert "'sentinels': [('s1', 26379), ('s2', 26379)]" in shown.stdout, shown.stderr
    bad = manage("check", env={**env, "REDIS_SENTINELS": "s1"})
    assert bad.returncode != 0
    assert bad.stderr.strip().splitlines() == [
        "Configuration error: REDIS_SENTINELS entries must be host:port, not 's1'"
    ]
