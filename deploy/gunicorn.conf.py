"""gunicorn settings for Tumbuh (``gunicorn -c deploy/gunicorn.conf.py config.asgi:application``).

gunicorn is the process manager (it binds one socket, starts WEB_WORKERS uvicorn workers, restarts a
worker that dies or hangs, reloads gracefully on HUP and stops gracefully on TERM); uvicorn serves HTTP
and WebSocket inside each worker. Every value can be set from the environment; see docs/operations.md.
Migrations and collectstatic are NOT run here: that is the release step (``manage.py release``).
"""

import os

# A PostgreSQL connection pool per worker process (config/settings.py), 10 connections unless set: keep
# WEB_WORKERS × DB_POOL_SIZE (over every host) under PostgreSQL's max_connections.
os.environ.setdefault("DB_POOL_SIZE", "10")

bind = os.environ.get("BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_WORKERS", "2"))  # about one per core (bench/README.md, docs/operations.md)
worker_class = "config.uvicorn_worker.UvicornWorker"
# A worker that does not report for this long is killed and replaced (a hung event loop).
timeout = int(os.environ.get("WORKER_TIMEOUT", "60"))
# TERM/HUP: stop accepting, close chat sockets with 1012, finish in-flight work, then exit.
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "30"))
keepalive = 5
backlog = 1024
# Behind Caddy/nginx on the same host or private network: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access lines come from Tumbuh's own request log (JSON, with the request id); gunicorn logs its own
# events (worker start, exit, timeout) to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# A crash-looping worker is not restarted forever at full speed: gunicorn stops the whole server if a
# worker cannot boot (e.g. a configuration error), so the supervisor (systemd, Docker) sees the failure.
preload_app = False

# gunicorn's and uvicorn's own lines as JSON too, when Tumbuh logs JSON (LOG_FORMAT, default json without
# DEBUG): one format for the log collector (config/logging.py).
_debug = os.environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}
if os.environ.get("LOG_FORMAT", "plain" if _debug else "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
        },
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            # No access lines from the server (they carry query strings): Tumbuh's request log has them.
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
    }
