"""The Redis channel layer's host: one Redis (``REDIS_URL``) or a Sentinel-managed primary (``REDIS_SENTINELS``).

channels-redis asks the Sentinels for the current primary and follows a failover. Django's own Redis
cache has no Sentinel support: with Sentinels, ``REDIS_URL`` (the cache) should point at an address that
always reaches the primary (an HAProxy checking ``role:master``, or the cloud provider's endpoint).
See docs/operations.md ("Redis Sentinel").
"""

from __future__ import annotations

from config import env

# redis-py 8 defaults (5 s socket timeout, 100 connections) broke the chat under load: docs/operations.md.
CONNECTION_OPTIONS = {"socket_timeout": 15, "max_connections": 1000}


def channel_layer_host(redis_url: str | None) -> dict | None:
    sentinels = env.get_list("REDIS_SENTINELS", [])
    if not sentinels:
        return {"address": redis_url, **CONNECTION_OPTIONS} if redis_url else None
    parsed = []
    for item in sentinels:
        host, _, port = item.rpartition(":")
        if not host or not port.isdigit():
            env.fail("REDIS_SENTINELS", f"entries must be host:port, not {item!r}")
        parsed.append((host.strip("[]"), int(port)))
    host = {
        "sentinels": parsed,
        "master_name": env.get_str("REDIS_SENTINEL_MASTER") or "mymaster",
        "db": env.get_int("REDIS_SENTINEL_DB", 0),
        **CONNECTION_OPTIONS,
    }
    password = env.get_str("REDIS_PASSWORD")
    if password:
        host["password"] = password
        host["sentinel_kwargs"] = {"password": password}
    return host
