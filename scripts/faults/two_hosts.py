#!/usr/bin/env python3
"""Two hosts on one machine: two independent gunicorn server groups sharing PostgreSQL, Redis and S3.

    .venv/bin/python scripts/faults/two_hosts.py

Stands in for deploy/two-hosts.md: "host A" and "host B" are two gunicorn masters (2 uvicorn workers each,
deploy/gunicorn.conf.py) on different ports, with nothing shared but a fresh PostgreSQL database
``tumbuh_bench_twohosts`` (prepared by ``manage.py release``), a private redis-server on port 6396 and
moto's S3 server on loopback (``MEDIA_STORAGE=s3``). Then:

- **chat split across hosts**: the entrepreneur's socket on host A, the mentor's on host B (clients that
  behave like chat.js: outbox + resync); both send a message every 0.6 s for 12 s; every message must be
  stored once and held by both sides, in order;
- **evidence across hosts**: the entrepreneur uploads an evidence photo through host A's form; it is opened
  through host B's permission-checked view by the entrepreneur and the mentor (the bytes in the bucket),
  and refused to a stranger.

Loopback only, bounded, stops by itself. Result: bench/results/two-hosts.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["BENCH_DB"] = "tumbuh_bench_twohosts"

import boto3  # noqa: E402
import requests  # noqa: E402  (installed with moto[server], the test extras)

from bench import common, data  # noqa: E402
from bench.common import BASE_ENV, BIN, PG, RESULTS, free_port, log  # noqa: E402
from scripts.faults.client import ResilientClient  # noqa: E402

REDIS_PORT = 6396
SEND_EVERY = 0.6
RUN_SECONDS = 12
BUCKET, PRIVATE_BUCKET = "tumbuh-media", "tumbuh-private"
KEYS = {"AWS_ACCESS_KEY_ID": "twohosts", "AWS_SECRET_ACCESS_KEY": "twohosts-secret"}


def start_moto(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(  # noqa: S603 (our own venv's moto_server)
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    common.wait_http(f"http://127.0.0.1:{port}/moto-api/", timeout=30)
    return proc


def gunicorn(port: int, env: dict, name: str) -> common.Server:
    argv = [
        str(BIN / "gunicorn"),
        "-c",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "bench.asgi:application",  # Tumbuh + a frame naming the worker pid a socket landed on
    ]
    return common.Server(argv, env=env, port=port, log_name=name)


def evidence_setup(pair):
    """A milestone asking for one photo, for the pair's entrepreneur; and a stranger's session."""
    from incubator.models import Milestone
    from mentoring.models import Conversation
    from tests.incubator.factories import MentorProfileFactory, MilestoneFactory, MilestoneTemplateFactory

    conversation = Conversation.objects.get(pk=pair.conversation_id)
    profile = conversation.profile
    template = MilestoneTemplateFactory(tier=profile.tier, order=1, asks_photos=1, asks_amount=False)
    milestone = MilestoneFactory(profile=profile, template=template)
    stranger = data.session_cookie(MentorProfileFactory().user)
    return Milestone.objects.get(pk=milestone.pk), stranger


def jpeg() -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (800, 600), (200, 120, 40)).save(out, "JPEG", quality=85)
    return out.getvalue()


def cookie_jar(cookie: str) -> dict:
    name, _, value = cookie.partition("=")
    return {name: value}


def upload_evidence(base: str, cookie: str, milestone_pk: int) -> int:
    session = requests.Session()
    session.cookies.update(cookie_jar(cookie))
    url = f"{base}/portal/milestones/{milestone_pk}/"
    page = session.get(url, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        url,
        data={"csrfmiddlewaretoken": token, "text": "Foto usaha", "expected_version": "0"},
        files={"photos": ("IMG_0001.jpg", jpeg(), "image/jpeg")},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=60,
    )
    return response.status_code


def fetch(base: str, cookie: str, path: str) -> tuple[int, bytes]:
    response = requests.get(base + path, cookies=cookie_jar(cookie), allow_redirects=False, timeout=30)
    return response.status_code, response.content


async def chat(base_a: str, base_b: str, pair) -> dict:
    a = ResilientClient(base_a, pair.conversation_id, pair.sender_cookie, "entrepreneur on host A")
    b = ResilientClient(base_b, pair.conversation_id, pair.receiver_cookie, "mentor on host B")
    tasks = [asyncio.ensure_future(c.run()) for c in (a, b)]
    await asyncio.wait_for(asyncio.gather(a.connected.wait(), b.connected.wait()), 30)
    start = time.monotonic()
    i = 0
    while time.monotonic() - start < RUN_SECONDS:
        await a.say(f"dari pengusaha {i}")
        await b.say(f"dari pendamping {i}")
        i += 1
        await asyncio.sleep(SEND_EVERY)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (a.outbox or b.outbox):
        await asyncio.sleep(0.2)
    live = {c.name: len(c.live_ids) for c in (a, b)}
    for c in (a, b):
        await c.resync()
    await asyncio.sleep(1.5)
    for c in (a, b):
        c.stop = True
        if c.ws is not None:
            await c.ws.close()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"a": a, "b": b, "live": live}


def main() -> int:
    started = time.time()
    moto_port, port_a, port_b = free_port(), free_port(), free_port()
    endpoint = f"http://127.0.0.1:{moto_port}"
    env = {
        **BASE_ENV,
        "DATABASE_URL": f"{PG}/{common.BENCH_DB}",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_PRIVATE_BUCKET_NAME": PRIVATE_BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        **KEYS,
    }
    log(f"recreating database {common.BENCH_DB}; release step")
    for sql in (
        f"DROP DATABASE IF EXISTS {common.BENCH_DB} WITH (FORCE)",
        f"CREATE DATABASE {common.BENCH_DB}",
    ):
        subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True)  # noqa: S603, S607
    subprocess.run(
        [sys.executable, "manage.py", "release", "--verbosity", "0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )
    moto = start_moto(moto_port)
    redis = common.RedisServer(REDIS_PORT)
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    for bucket in (BUCKET, PRIVATE_BUCKET):
        s3.create_bucket(Bucket=bucket)
    os.environ.update(env)
    data.setup_django()
    pair = data.chat_pairs(1)[0]
    milestone, stranger = evidence_setup(pair)
    base_a, base_b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
    try:
        with gunicorn(port_a, env, "host_a"), gunicorn(port_b, env, "host_b"):
            log("chat: entrepreneur on host A, mentor on host B")
            outcome = asyncio.run(chat(base_a, base_b, pair))
            log("evidence: upload through host A, open through host B")
            upload_status = upload_evidence(base_a, pair.sender_cookie, milestone.pk)
            from incubator.models import EvidencePhoto

            photo = EvidencePhoto.objects.get(milestone=milestone)
            stored_bytes = s3.get_object(Bucket=PRIVATE_BUCKET, Key=f"private/{photo.image.name}")[
                "Body"
            ].read()
            path = f"/files/evidence/{photo.pk}/"
            owner_b = fetch(base_b, pair.sender_cookie, path)
            mentor_b = fetch(base_b, pair.receiver_cookie, path)
            stranger_b = fetch(base_b, stranger, path)
            local_private = list((ROOT / "media" / "private").rglob("*.jpg"))
    finally:
        redis.stop()
        moto.terminate()
        moto.wait(timeout=10)
    from mentoring.models import Message

    a, b = outcome["a"], outcome["b"]
    stored = list(
        Message.objects.filter(conversation_id=pair.conversation_id)
        .order_by("pk")
        .values_list("pk", "client_id")
    )
    stored_ids = [pk for pk, _ in stored]
    client_ids = [str(c) for _, c in stored]
    sent = a.sent + b.sent
    logs = {name: (RESULTS / "tmp" / f"{name}.log").read_text() for name in ("host_a", "host_b")}
    result = {
        "run": "two-hosts",
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "seconds": round(time.time() - started, 1),
        "machine": common.machine(),
        "setup": "two gunicorn masters × 2 uvicorn workers on ports A and B; shared PostgreSQL database, "
        "private redis-server, moto S3 server; MEDIA_STORAGE=s3",
        "chat": {
            "entrepreneur_worker_pid": a.pid,
            "mentor_worker_pid": b.pid,
            "sent": len(sent),
            "stored": len(stored),
            "duplicates": len(client_ids) - len(set(client_ids)),
            "sent_not_stored": len(set(sent) - set(client_ids)),
            "entrepreneur_holds_all_in_order": sorted(a.messages) == stored_ids,
            "mentor_holds_all_in_order": sorted(b.messages) == stored_ids,
            "live_deliveries": outcome["live"],
            "longest_live_gap_s": {"entrepreneur": round(a.max_gap, 2), "mentor": round(b.max_gap, 2)},
            "closes": {"entrepreneur": a.closes, "mentor": b.closes},
        },
        "evidence": {
            "upload_through_host_a_status": upload_status,
            "object_in_private_bucket": f"private/{photo.image.name}",
            "owner_through_host_b": {
                "status": owner_b[0],
                "same_bytes_as_bucket": owner_b[1] == stored_bytes,
            },
            "mentor_through_host_b": {
                "status": mentor_b[0],
                "same_bytes_as_bucket": mentor_b[1] == stored_bytes,
            },
            "stranger_through_host_b_status": stranger_b[0],
            "files_on_local_disk": len(local_private),
        },
        "server_tracebacks": {name: text.count("Traceback") for name, text in logs.items()},
    }
    c, e = result["chat"], result["evidence"]
    result["nothing_lost"] = (
        c["sent"] == c["stored"]
        and c["duplicates"] == 0
        and c["sent_not_stored"] == 0
        and c["entrepreneur_holds_all_in_order"]
        and c["mentor_holds_all_in_order"]
        and e["upload_through_host_a_status"] == 302
        and e["owner_through_host_b"] == {"status": 200, "same_bytes_as_bucket": True}
        and e["mentor_through_host_b"] == {"status": 200, "same_bytes_as_bucket": True}
        and e["stranger_through_host_b_status"] == 404
        and e["files_on_local_disk"] == 0
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "two-hosts.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(
        json.dumps(
            {k: result[k] for k in ("chat", "evidence", "server_tracebacks", "nothing_lost")}, indent=2
        )
    )
    log(f"done in {result['seconds']} s: bench/results/two-hosts.json")
    return 0 if result["nothing_lost"] else 1


if __name__ == "__main__":
    sys.exit(main())
