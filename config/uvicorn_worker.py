"""The gunicorn worker class for Tumbuh: uvicorn serving the Channels application.

    gunicorn -c deploy/gunicorn.conf.py config.asgi:application

- ``lifespan="off"``: Channels' ``ProtocolTypeRouter`` has no lifespan handler (STACK.md);
- ``timeout_graceful_shutdown``: on SIGTERM (a deploy, ``docker stop``, ``systemctl stop``) a worker stops
  accepting, closes every chat socket with **1012 "service restart"** (the client reconnects to another
  worker and resyncs, docs/chat-protocol.md), lets in-flight requests and chat handlers finish for up to this
  many seconds, then exits. Keep it below gunicorn's ``graceful_timeout`` (deploy/gunicorn.conf.py).
"""

from __future__ import annotations

from uvicorn_worker import UvicornWorker as _UvicornWorker

GRACEFUL_SHUTDOWN_SECONDS = 20


class UvicornWorker(_UvicornWorker):
    CONFIG_KWARGS = {
        **_UvicornWorker.CONFIG_KWARGS,
        "lifespan": "off",
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
    }
