"""Pages: latency and requests/s of real pages vs a trivial Django view, at 10 and 10,000 entrepreneurs
with up to 1,000,000 stored messages; query counts at both sizes; history paging; page weight."""

from __future__ import annotations

import http.client
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bench import common, data
from bench.common import BASE_ENV, free_port, log, ratio, summary_ms

CONCURRENCY = 4
SQL_MESSAGES = """
INSERT INTO mentoring_message (conversation_id, sender_id, body, image, thumbnail, client_id, created_at, seq)
SELECT %(conversation)s, CASE WHEN g %% 2 = 0 THEN %(a)s ELSE %(b)s END, 'pesan ' || g, '', '',
       gen_random_uuid(), now() - make_interval(secs => %(count)s - g), %(first_seq)s + g
FROM generate_series(1, %(count)s) AS g
"""


class World:
    """The people and pages measured; grown from the small size to the large one."""

    def setup(self) -> None:
        from incubator import services as incubator_services
        from incubator.models import CompanionRole
        from mentoring.models import Conversation
        from tests.factories import ManagerUserFactory
        from tests.factories.cms import course, lesson
        from tests.incubator.factories import EntrepreneurProfileFactory, MentorProfileFactory

        self.manager = ManagerUserFactory()
        mentor_profile = MentorProfileFactory()
        self.mentor = mentor_profile.user
        self.profiles = [EntrepreneurProfileFactory() for _ in range(5)]
        for p in self.profiles:
            incubator_services.assign_companion(p, self.mentor, role=CompanionRole.MENTOR, by=self.manager)
        self.entrepreneur = self.profiles[0].user
        self.small = Conversation.objects.get(profile=self.profiles[0], companion=self.mentor)
        self.big = Conversation.objects.get(profile=self.profiles[1], companion=self.mentor)
        self.lesson_url = lesson(course()).url
        self.entrepreneurs = len(self.profiles)
        self.add_messages(self.small, 1000)
        self.add_messages(self.big, 1000)
        self.cookies = {
            "entrepreneur": data.session_cookie(self.entrepreneur),
            "mentor": data.session_cookie(self.mentor),
            "manager": data.session_cookie(self.manager),
        }

    def add_messages(self, conversation, count: int) -> None:
        from django.db import connection

        from mentoring.models import Conversation, Message, ReadMarker

        a, b = conversation.profile.user_id, conversation.companion_id
        first_seq = Conversation.objects.values_list("last_seq", flat=True).get(pk=conversation.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                SQL_MESSAGES,
                {"conversation": conversation.pk, "a": a, "b": b, "count": count, "first_seq": first_seq},
            )
        last = Message.objects.filter(conversation=conversation).order_by("-pk").first()
        Conversation.objects.filter(pk=conversation.pk).update(
            last_seq=last.seq,
            last_message=last,
            last_message_at=last.created_at,
            message_count=Message.objects.filter(conversation=conversation).count(),
        )
        ReadMarker.objects.filter(conversation=conversation).update(last_read_id=last.pk - 5)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE mentoring_message")

    def grow_entrepreneurs(self, total: int) -> None:
        """Bulk-insert entrepreneurs (users, role, profiles) copied from a real profile's fields."""
        from django.contrib.auth.models import Group
        from django.utils import timezone

        from accounts import roles
        from accounts.models import User
        from incubator.models import EntrepreneurProfile

        template = self.profiles[-1]
        missing = total - EntrepreneurProfile.objects.count()
        if missing <= 0:
            self.entrepreneurs = EntrepreneurProfile.objects.count()
            return
        password = template.user.password
        stamp = int(time.time())
        users = User.objects.bulk_create(
            [
                User(
                    username=f"bulk{stamp}-{i}",
                    email=f"bulk{stamp}-{i}@bench.test",
                    full_name=f"Pengusaha {i}",
                    password=password,
                    phone="",
                )
                for i in range(missing)
            ],
            batch_size=2000,
        )
        group = Group.objects.get(name=roles.ENTREPRENEUR)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=5000
        )
        fields = {
            f.attname: getattr(template, f.attname)
            for f in EntrepreneurProfile._meta.concrete_fields
            if not f.primary_key and f.attname not in ("user_id", "business_name")
        }
        fields["tier_since"] = timezone.now()
        EntrepreneurProfile.objects.bulk_create(
            [EntrepreneurProfile(user=u, business_name=f"Usaha {i}", **fields) for i, u in enumerate(users)],
            batch_size=2000,
        )
        self.entrepreneurs = EntrepreneurProfile.objects.count()

    def page_targets(self) -> dict:
        return {
            "trivial view": ("/bench/trivial/", "entrepreneur"),
            "entrepreneur dashboard": ("/portal/", "entrepreneur"),
            "mentor dashboard": ("/mentor/", "mentor"),
            "lesson page": (self.lesson_url, "entrepreneur"),
            "admin home": ("/cms/", "manager"),
        }


def _count(conversation) -> int:
    from mentoring.models import Message

    return Message.objects.filter(conversation=conversation).count()


def query_counts(world: World) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = {"entrepreneur": world.entrepreneur, "mentor": world.mentor, "manager": world.manager}
    out = {}
    for name, (path, who) in world.page_targets().items():
        client = Client()
        client.force_login(users[who])
        client.get(path)  # warm caches (site root, translations)
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(path).status_code
        out[name] = {"queries": len(ctx.captured_queries), "status": status}
    return out


def _timed(port: int, path: str, cookie: str, count: int) -> tuple[list[float], int]:
    """``count`` GETs over keep-alive connections from CONCURRENCY threads; (latencies, non-200s)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker(n: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        for _ in range(n):
            t = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie, "Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - t)
            if response.status != 200:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    share = max(1, count // CONCURRENCY)
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(worker, [share] * CONCURRENCY))
    return latencies, errors[0]


def measure(world: World, port: int, targets: dict, cfg: dict) -> dict:
    samples = {name: [] for name in targets}
    wall = dict.fromkeys(targets, 0.0)
    errors = dict.fromkeys(targets, 0)
    names = list(targets)
    for rnd in range(cfg["page_rounds"]):
        order = names[rnd % len(names) :] + names[: rnd % len(names)]
        for name in order:
            path, who = targets[name]
            t = time.perf_counter()
            lat, err = _timed(port, path, world.cookies[who], cfg["page_requests"])
            wall[name] += time.perf_counter() - t
            samples[name] += lat
            errors[name] += err
    out = {}
    for name in names:
        s = summary_ms(samples[name])
        out[name] = {
            **s,
            "requests_per_s": round(len(samples[name]) / wall[name], 1),
            "non_200": errors[name],
        }
    return out


def weight(port: int, world: World) -> dict:
    targets = {
        "dashboard": "/portal/",
        "milestones": "/portal/milestones/",
        "reports": "/portal/reports/",
        "profile": "/portal/profile/",
        "chat list": "/chat/",
        "conversation": f"/chat/{world.small.pk}/",
        "lesson": world.lesson_url,
    }
    out = {}
    for name, path in targets.items():
        html = _get(port, path, world.cookies["entrepreneur"])
        assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html["body"]) + re.findall(
            r'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', html["body"]
        )
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', html["body"])
        css = [_get(port, a, "") for a in dict.fromkeys(assets)]
        js = [_get(port, s, "") for s in dict.fromkeys(scripts)]
        first = html["wire"] + sum(a["wire"] for a in css + js)
        repeat = html["wire"] + sum(a["wire"] for a in css + js if not a["long_cache"])
        out[name] = {
            "status": html["status"],
            "html_bytes_on_wire": html["wire"],
            "html_encoding": html["encoding"],
            "html_gzip_bytes_if_compressed": html["gzip_size"],
            "css_bytes_on_wire": sum(a["wire"] for a in css),
            "js_bytes_on_wire": sum(a["wire"] for a in js),
            "js_bytes_uncompressed": sum(a["raw"] for a in js),
            "first_visit_bytes": first,
            "repeat_visit_bytes": repeat,
            "assets": [
                {"url": a["url"], "wire": a["wire"], "encoding": a["encoding"], "long_cache": a["long_cache"]}
                for a in css + js
            ],
        }
    return out


def shell_weight(port: int) -> dict:
    """The offline shell (issue 16): what /sw.js precaches, as served, and all first-party JS gzipped.

    Budgets: precache at most 300 KB, first-party JS under 25 KB gzipped in total."""
    import gzip
    import json

    from django.conf import settings

    head = _get(port, "/sw.js", "")["body"].split("\n", 1)[0]
    shell = json.loads(head.removeprefix("self.TUMBUH_SHELL = ").removesuffix(";"))
    files = [_get(port, url, "") for url in shell["urls"]]
    root = settings.BASE_DIR
    scripts = sorted(
        p
        for p in root.glob("**/static/**/*.js")
        if not {".venv", "staticfiles", "node_modules"} & set(p.relative_to(root).parts)
    )
    scripts.append(root / "notifications" / "serviceworker" / "sw.js")
    return {
        "version": shell["version"],
        "precache_files": len(files),
        "precache_bytes": sum(f["raw"] for f in files),
        "precache_bytes_on_wire": sum(f["wire"] for f in files),
        "precache_budget_bytes": 300 * 1024,
        "js_files": len(scripts),
        "js_bytes": sum(len(p.read_bytes()) for p in scripts),
        "js_gzip_bytes": sum(len(gzip.compress(p.read_bytes(), 9)) for p in scripts),
        "js_gzip_budget_bytes": 25 * 1024,
    }


def _get(port: int, path: str, cookie: str) -> dict:
    import gzip

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Accept-Encoding": "br, gzip"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    raw_wire = response.read()
    encoding = response.getheader("Content-Encoding") or "identity"
    body = gzip.decompress(raw_wire) if encoding == "gzip" else raw_wire
    cache = response.getheader("Cache-Control") or ""
    conn.close()
    return {
        "url": path,
        "status": response.status,
        "wire": len(raw_wire),
        "raw": len(body),
        "encoding": encoding,
        "gzip_size": len(gzip.compress(body)),
        "long_cache": "immutable" in cache or bool(re.search(r"max-age=(\d{6,})", cache)),
        "body": body.decode("utf-8", "replace"),
    }


def run(cfg: dict, results: dict, sections: list[str]) -> None:
    world = World()
    log("pages: creating people, a lesson and messages")
    world.setup()
    world.grow_entrepreneurs(cfg["entrepreneurs"][0])
    redis = common.RedisServer()
    port = free_port()
    pages_out, paging_out, queries_out = [], [], []
    try:
        with common.serve_prod(port, {**BASE_ENV, "REDIS_URL": redis.url}, workers=2):
            if "weight" in sections:
                log("weight: portal pages")
                results["weight"] = weight(port, world)
                results["shell_weight"] = shell_weight(port)
            if "pages" not in sections:
                return
            for size_index, size in enumerate(cfg["entrepreneurs"]):
                if size_index:
                    log(f"pages: growing to {size:,} entrepreneurs and {cfg['messages_stored']:,} messages")
                    world.grow_entrepreneurs(size)
                    world.add_messages(world.big, cfg["messages_stored"] - _count(world.big))
                stored = _count_all()
                label = {"entrepreneurs": world.entrepreneurs, "messages_stored": stored}
                log(f"pages: measuring at {label}")
                queries_out.append({**label, "pages": query_counts(world)})
                timings = measure(world, port, world.page_targets(), cfg)
                base = timings["trivial view"]
                for _name, t in timings.items():
                    t["p50_ratio"] = ratio(t["p50_ms"], base["p50_ms"])
                    t["p99_ratio"] = ratio(t["p99_ms"], base["p99_ms"])
                pages_out.append({**label, "pages": timings})
                paging = measure(world, port, _paging(world), cfg)
                paging_out.append({**label, "paging": paging})
    finally:
        redis.stop()
    results["pages"] = pages_out
    results["query_counts"] = queries_out
    results["history_paging"] = paging_out


def _count_all() -> int:
    from mentoring.models import Message

    return Message.objects.count()


def _paging(world: World) -> dict:
    from mentoring.models import Message

    out = {}
    for key, conversation in (("small conversation", world.small), ("big conversation", world.big)):
        ids = Message.objects.filter(conversation=conversation).order_by("pk").values_list("pk", flat=True)
        n = ids.count()
        middle = ids[n // 2]
        out[f"{key} ({n:,} messages)"] = (f"/chat/{conversation.pk}/messages/?before={middle}", "mentor")
    return out
