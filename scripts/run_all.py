#!/usr/bin/env python3
"""Run several commands together; one Ctrl+C stops them all (``make run``).

    python scripts/run_all.py "web=daphne -b 127.0.0.1 -p 8000 config.asgi:application" \
        "worker=python manage.py db_worker" "scheduler=python manage.py run_scheduler"

``name*N=command`` starts N copies (``worker*2=…`` → worker1, worker2; N may be 0). Each command gets
its own process group, so stopping it also stops what it started (the
worker's autoreloader child, for example). When one exits, the others are stopped too.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import time

GRACE = 10.0  # seconds between SIGTERM and SIGKILL


def log(message: str) -> None:
    print(f"[run_all] {message}", flush=True)


def start(name: str, command: str) -> subprocess.Popen:
    proc = subprocess.Popen(shlex.split(command), start_new_session=True)  # noqa: S603
    log(f"{name} started (pid {proc.pid}): {command}")
    return proc


def stop_all(procs: dict[str, subprocess.Popen]) -> None:
    for name, proc in procs.items():
        if proc.poll() is None:
            log(f"stopping {name}")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE
    for proc in procs.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main(argv: list[str]) -> int:
    if not argv:
        sys.exit(__doc__)
    commands = []
    for spec in argv:
        name, sep, command = spec.partition("=")
        name, star, count = name.partition("*")
        if not sep or not name or not command.strip() or (star and not count.isdigit()):
            sys.exit(f"run_all: expected name=command or name*N=command, not {spec!r}")
        if star:
            commands.extend((f"{name}{i}", command) for i in range(1, int(count) + 1))
        else:
            commands.append((name, command))
    stopping = False

    def request_stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    procs = {name: start(name, command) for name, command in commands}
    code = 0
    while not stopping:
        for name, proc in procs.items():
            if proc.poll() is not None:
                log(f"{name} exited with {proc.returncode}; stopping the others")
                code = proc.returncode or 1
                stopping = True
                break
        time.sleep(0.2)
    stop_all(procs)
    log("stopped")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
