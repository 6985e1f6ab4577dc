"""Shared pieces: environment, statistics, machine description, server processes."""

from __future__ import annotations

import contextlib
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
PG = os.environ.get("BENCH_PG", "postgres://tumbuh:tumbuh@127.0.0.1:5432")
BENCH_DB = os.environ.get("BENCH_DB", "tumbuh_bench")
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6391"))

BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": f"{PG}/{BENCH_DB}",
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "DEBUG": "0",
    # Without DEBUG the settings refuse the console backends and ask for the public address.
    "BASE_URL": "http://127.0.0.1",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "TUMBUH_SMS_BACKEND": "accounts.sms.LocmemBackend",
    "LOG_LEVEL": "WARNING",
    "DB_POOL_SIZE": "10",  # as scripts/serve_prod.py sets it; the one-worker daphne gets the same pool
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}Z] {message}", flush=True)


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": _round(percentile(ms, 50)),
        "p99_ms": _round(percentile(ms, 99)),
        "max_ms": _round(max(ms) if ms else None),
    }


def ratio(a, b):
    return None if a is None or not b else round(a / b, 2)


def _round(x):
    return None if x is None else round(x, 3)


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    with contextlib.suppress(OSError, IndexError):
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    pg = _cmd(["psql", f"{PG}/postgres", "-tAc", "show server_version"])
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg,
        "redis": _cmd(["redis-server", "--version"]),
        "load_average_at_start": os.getloadavg(),
        "note": "a shared 2-core machine: other engineers' test runs may compete for the CPU",
    }


def _cmd(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not come up")


class Server:
    """A server process on loopback, stopped (with its children) when done."""

    def __init__(self, argv: list[str], *, env: dict, port: int, log_name: str):
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "tmp").mkdir(exist_ok=True)
        self.log_path = RESULTS / "tmp" / f"{log_name}.log"
        self.port = port
        self.proc = subprocess.Popen(
            argv,
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=self.log_path.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def __enter__(self):
        try:
            wait_http(f"http://127.0.0.1:{self.port}/readyz")
        except RuntimeError:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        wait_group_gone(self.proc.pid)


def wait_group_gone(pgid: int, timeout: float = 15) -> bool:
    """Wait until no live process of the group is left (a server's workers, task worker, scheduler): the
    next run must not drop its database under connections they still hold. SIGKILL what outlives
    ``timeout``; False if something is still there 5 s after that (zombies, already dead, do not count)."""
    deadline = time.monotonic() + timeout
    killed = False
    while group_members(pgid):
        if time.monotonic() > deadline:
            if killed:
                return False
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pgid, signal.SIGKILL)
            killed, deadline = True, time.monotonic() + 5
        time.sleep(0.1)
    return True


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of process group ``pgid``, from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(stat.parent.name))
    return members


def daphne(port: int, env: dict, app: str = "bench.asgi:application", name: str = "daphne") -> Server:
    """One daphne worker (the in-memory channel layer needs everything in one process)."""
    argv = [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "-v", "0", app]
    return Server(argv, env=env, port=port, log_name=name)


def serve_prod(port: int, env: dict, workers: int = 2, app: str = "bench.asgi:application") -> Server:
    argv = [
        sys.executable,
        str(ROOT / "scripts" / "serve_prod.py"),
        "--skip-setup",
        "--quiet",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--app",
        app,
    ]
    return Server(argv, env=env, port=port, log_name=f"serve_prod_{workers}")


class RedisServer:
    """A private redis-server for the bench (never the shared one)."""

    def __init__(self, port: int = REDIS_PORT):
        self.port = port
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if _cmd(["redis-cli", "-p", str(port), "ping"]) == "PONG":
                return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


# -- CPU seconds per process (load-independent enough to steer by on a shared machine) -----------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """utime + stime of a live process, from /proc (None when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the ")": field 3 is the state, so utime (14) and stime (15) are at 11 and 12.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _role(pid: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "gone"
    text = b" ".join(argv).decode(errors="replace")
    if "db_worker" in text or "run_scheduler" in text:
        return "tasks"
    if "daphne" in text or "uvicorn" in text or "gunicorn" in text:
        return "workers"
    return "supervisor"


def database_backends(database: str) -> list[int]:
    """PostgreSQL backend pids connected to ``database`` but this look-up's own (their /proc entries
    are readable)."""
    query = "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"
    out = _cmd(["psql", f"{PG}/{database}", "-tAc", query])
    return [int(line) for line in out.split() if line.strip().isdigit()]


class CpuMeter:
    """CPU seconds spent during a measurement, by role: the server's workers, its task worker and
        scheduler, the supervisor, Redis, the PostgreSQL backends of the bench database, and this
        process (the load generator). A process that starts meanwhile counts from zero; one that ends
        meanwhile is lost (rare: the pools keep their connections). ``bench.chat.run`` starts it once
    its sockets are open and stops it before it closes them: the messages' CPU, not the handshakes'."""

    def __init__(self, server: Server, redis: RedisServer | None = None) -> None:
        self.server, self.redis = server, redis

    def snapshot(self) -> dict[int, tuple[str, float]]:
        seen: dict[int, tuple[str, float]] = {}
        for pid in group_members(self.server.proc.pid):
            seen[pid] = (_role(pid), cpu_seconds(pid) or 0.0)
        if self.redis is not None:
            seen[self.redis.proc.pid] = ("redis", cpu_seconds(self.redis.proc.pid) or 0.0)
        for pid in database_backends(BENCH_DB):
            seen[pid] = ("postgres", cpu_seconds(pid) or 0.0)
        return seen

    seconds: dict[str, float] | None = None

    def start(self) -> None:
        self.before = self.snapshot()
        self.client_before = _own_cpu()

    def stop(self) -> None:
        after = self.snapshot()
        used: dict[str, float] = {}
        for pid, (role, seconds) in after.items():
            used[role] = used.get(role, 0.0) + seconds - self.before.get(pid, (role, 0.0))[1]
        used["client"] = _own_cpu() - self.client_before
        self.seconds = {role: round(value, 2) for role, value in sorted(used.items())}


def _own_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
