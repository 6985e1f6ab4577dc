"""The chat bench compares both store paths in one server: ``?group_commit=1|0`` on a socket URL
chooses the path for that socket (bench/asgi.py), which the consumer reads from its scope."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("query", "expected"), [(b"group_commit=1", True), (b"group_commit=0&bench_worker=1", False), (b"", None)]
)
async def test_the_query_parameter_sets_the_sockets_store_path(query, expected):
    from bench.asgi import with_group_commit_choice

    seen = {}

    async def app(scope, receive, send):
        seen.update(scope)

    await with_group_commit_choice(app)({"type": "websocket", "query_string": query}, None, None)
    assert seen.get("chat_group_commit") is expected
