"""Tumbuh's ASGI application plus ``/slow/`` (answers after 2 s), to prove a shutdown finishes requests."""

import asyncio

from config.asgi import application as tumbuh_application  # sets Django up first


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"] == "/slow/":
        await asyncio.sleep(2)
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": b"finished"})
        return None
    return await tumbuh_application(scope, receive, send)
