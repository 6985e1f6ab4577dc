#!/usr/bin/env python3
"""Benchmark runner (bench/, scripts/faults/): PostgreSQL + Redis + N daphne workers sharing ONE socket.

Production serves with gunicorn + uvicorn workers (``make serve-prod``, deploy/gunicorn.conf.py) and
migrates in a separate release step (``make release``); this script stays for the benchmarks that
compare the two servers (bench/servers.py) and the earlier fault runs.

    DATABASE_URL=postgres://tumbuh:tumbuh@127.0.0.1:5432/tumbuh REDIS_URL=redis://127.0.0.1:6379/0 \
    SECRET_KEY=... ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 \
    BASE_URL=http://127.0.0.1:8000 EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend \
    TUMBUH_SMS_BACKEND=myproject.sms_gateway.GatewayBackend \
    python scripts/serve_prod.py --workers 2 --port 8000

DEBUG is off, so the settings refuse to start without a real e-mail backend, an SMS backend that is not
the console or a file, and BASE_URL (docs/operations.md, "Production posture"); for a local trial,
``django.core.mail.backends.locmem.EmailBackend`` and ``accounts.sms.LocmemBackend`` deliver nothing.

The supervisor runs ``migrate`` and ``collectstatic``, binds the socket, starts the workers with
``daphne --fd`` (the kernel spreads connections between them), starts ``TASK_WORKERS`` task workers
(``manage.py db_worker``, default 1; 0 when another machine runs them) and one scheduler
(``manage.py run_scheduler``; several machines may each run one: a job still runs once per period),
restarts any of them that dies, and on SIGINT/SIGTERM stops them all and exits. See
docs/operations.md and docs/tasks.md.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESTART_BACKOFF = 1.0  # seconds before restarting a worker that died


def log(message: str) -> None:
    print(f"[serve_prod] {message}", flush=True)


def require_env() -> dict[str, str]:
    env = dict(os.environ)
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not env.get(name)]
    if missing:
        sys.exit(
            f"serve_prod: {', '.join(missing)} must be set (PostgreSQL and Redis are what make several "
            "workers share state), e.g. DATABASE_URL=postgres://tumbuh:tumbuh@127.0.0.1:5432/tumbuh "
            "REDIS_URL=redis://127.0.0.1:6379/0"
        )
    if not env["DATABASE_URL"].startswith(("postgres://", "postgresql://", "pgsql://")):
        sys.exit("serve_prod: DATABASE_URL must point at PostgreSQL (SQLite cannot be shared by workers)")
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # A PostgreSQL connection pool per worker (config/settings.py): 10 connections each unless set.
    env.setdefault("DB_POOL_SIZE", "10")
    return env


def manage(env: dict[str, str], *args: str) -> None:
    log("manage.py " + " ".join(args))
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=False)  # noqa: S603
    if result.returncode:
        # manage.py has printed why (e.g. "Configuration error: BASE_URL is required…"): no traceback here.
        sys.exit(result.returncode)


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


class Supervisor:
    def __init__(
        self,
        sock: socket.socket,
        *,
        workers: int,
        app: str,
        env: dict[str, str],
        quiet: bool,
        background: dict[str, list[str]] | None = None,
    ):
        self.sock = sock
        self.background = background or {}
        self.others: dict[str, subprocess.Popen] = {}
        self.quiet = quiet
        self.count = workers
        self.app = app
        self.env = env
        self.procs: dict[int, subprocess.Popen] = {}
        self.stopping = False

    def start(self, slot: int) -> None:
        fd = self.sock.fileno()
        cmd = [str(BIN / "daphne"), "--fd", str(fd), *(["-v", "0"] if self.quiet else []), self.app]
        proc = subprocess.Popen(  # noqa: S603
            cmd, env={**self.env, "TUMBUH_WORKER": str(slot)}, cwd=ROOT, pass_fds=(fd,)
        )
        self.procs[slot] = proc
        log(f"worker {slot} started pid {proc.pid}")

    def start_background(self, name: str) -> None:
        proc = subprocess.Popen(self.background[name], env=self.env, cwd=ROOT)  # noqa: S603
        self.others[name] = proc
        log(f"{name} started pid {proc.pid}")

    def stop(self, *_args) -> None:
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        for slot in range(self.count):
            self.start(slot)
        for name in self.background:
            self.start_background(name)
        host, port = self.sock.getsockname()[:2]
        log(f"listening on http://{host}:{port}/ with {self.count} workers (Ctrl+C stops)")
        while not self.stopping:
            for slot, proc in list(self.procs.items()):
                code = proc.poll()
                if code is not None and not self.stopping:
                    log(f"worker {slot} pid {proc.pid} exited with {code}; restarting")
                    time.sleep(RESTART_BACKOFF)
                    if not self.stopping:
                        self.start(slot)
            for name, proc in list(self.others.items()):
                code = proc.poll()
                if code is not None and not self.stopping:
                    log(f"{name} pid {proc.pid} exited with {code}; restarting")
                    time.sleep(RESTART_BACKOFF)
                    if not self.stopping:
                        self.start_background(name)
            time.sleep(0.2)
        return self.shutdown()

    def shutdown(self) -> int:
        log("stopping workers")
        every = [*self.procs.values(), *self.others.values()]
        for proc in every:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in every:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.sock.close()
        log("stopped")
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--app", default="config.asgi:application", help="ASGI application (module:attr)")
    parser.add_argument("--quiet", action="store_true", help="no access log (benchmarks)")
    parser.add_argument("--skip-setup", action="store_true", help="do not run migrate and collectstatic")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    env = require_env()
    if not args.skip_setup:
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    raw = (env.get("TASK_WORKERS") or "1").strip()
    if not raw.isdigit():
        sys.exit(f"serve_prod: TASK_WORKERS must be a whole number, 0 or more, not {raw!r}")
    task_workers = int(raw)
    manage_py = [sys.executable, str(ROOT / "manage.py")]
    background = {
        f"task-worker-{n}": [
            *manage_py,
            "db_worker",
            "--no-reload",
            "--worker-id",
            f"{socket.gethostname()[:50]}-{n}",
        ]
        for n in range(task_workers)
    }
    background["scheduler"] = [*manage_py, "run_scheduler"]
    sock = bind(args.host, args.port)
    return Supervisor(
        sock, workers=args.workers, app=args.app, env=env, quiet=args.quiet, background=background
    ).run()


if __name__ == "__main__":
    sys.exit(main())
