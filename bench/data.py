"""The bench database (PostgreSQL ``tumbuh_bench``, never the dev database): reset, fill, sign in."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass

from bench.common import BASE_ENV, BENCH_DB, PG, ROOT, log


def setup_django(*, pool: bool = False) -> None:
    """Django in the bench process itself, by default without the connection pool the servers use: the
    bench drops and recreates its database between sections, which a pool would keep retrying to refill."""
    os.environ.update(BASE_ENV)
    if not pool:
        os.environ["DB_POOL_SIZE"] = "0"
    import django

    django.setup()


def reset_database() -> None:
    """Drop and recreate ``tumbuh_bench``, then migrate and collect static files (in a child process)."""
    if not BENCH_DB.startswith("tumbuh_bench"):
        sys.exit("refusing to reset a database whose name does not start with tumbuh_bench")
    log(f"recreating database {BENCH_DB}")
    # This process's own connections first: DROP … WITH (FORCE) terminates them, and the next query
    # on one would fail with "terminating connection due to administrator command" (scripts/faults
    # runs several scenarios in one process).
    _close_django_connections()
    recreate_database(BENCH_DB)
    env = {**os.environ, **BASE_ENV}
    for args in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)


def recreate_database(
    name: str, *, pg: str = PG, attempts: int = 5, psql=None, template: str | None = None
) -> None:
    """Drop ``name`` (its leftover sessions terminated: only that database's) and create it again,
    empty or as a copy of ``template`` (a migrated bench database: seconds instead of a migration).

    A server or proxy of the previous run may still hold connections, or a pool may be refilling
    while the DROP runs: each step is retried with a short back-off before giving up.
    """
    for each in filter(None, (name, template)):
        if not each.startswith("tumbuh_bench") or not each.replace("_", "").isalnum():
            raise ValueError(f"refusing to recreate {each!r}: not a bench database name")
    run_sql = psql or _psql
    terminate = (  # the name was checked above
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' "  # noqa: S608
        "AND pid <> pg_backend_pid()"
    )
    create = f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else "")
    for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", create):
        for attempt in range(1, attempts + 1):
            run_sql(pg, terminate)
            try:
                run_sql(pg, sql)
                break
            except subprocess.CalledProcessError as exc:
                if attempt == attempts:
                    raise
                log(f"{sql.split(' IF')[0]} failed ({exc.stderr or exc}); retrying")
                time.sleep(0.5 * attempt)


def _psql(pg: str, sql: str) -> None:
    subprocess.run(
        ["psql", f"{pg}/postgres", "-qtAc", sql],
        check=True,
        capture_output=True,
        text=True,
    )


def _close_django_connections() -> None:
    from django.conf import settings

    if settings.configured:
        from django.db import connections

        connections.close_all()


def session_cookie(user) -> str:
    """A real signed-in session for ``user`` (what the browser would hold after signing in)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


@dataclass
class ChatPair:
    conversation_id: int
    sender_cookie: str
    receiver_cookie: str


def chat_pairs(n: int) -> list[ChatPair]:
    """``n`` entrepreneur–mentor pairs assigned by a manager (the real service opens each conversation)."""
    from incubator import services as incubator_services
    from incubator.models import CompanionRole
    from mentoring.models import Conversation
    from tests.factories import ManagerUserFactory
    from tests.incubator.factories import EntrepreneurProfileFactory, MentorProfileFactory

    manager = ManagerUserFactory()
    pairs = []
    for _ in range(n):
        profile = EntrepreneurProfileFactory()
        mentor = MentorProfileFactory().user
        incubator_services.assign_companion(profile, mentor, role=CompanionRole.MENTOR, by=manager)
        conversation = Conversation.objects.get(profile=profile, companion=mentor)
        pairs.append(ChatPair(conversation.pk, session_cookie(profile.user), session_cookie(mentor)))
    return pairs


def stored_count(client_ids: list[str]) -> int:
    from mentoring.models import Message

    total = 0
    for i in range(0, len(client_ids), 5000):
        total += Message.objects.filter(client_id__in=client_ids[i : i + 5000]).count()
    return total
