"""``python -m bench.group_commit [--sockets N] [--messages M] [--rounds R]``: the chat's store paths
alone, in this one process, without servers or sockets (seconds, not minutes).

N simulated sockets each store M messages one after the other, each waiting for its answer as the
consumer waits before its ack: the per-message path (``send_message`` on the loop's thread pool, as
``ChatConsumer.store``) against the group-commit writer (``mentoring.chat_writer``), interleaved
round by round, with the connection pool on as in the servers. Reports acknowledged messages per
second. Needs the bench database with chat pairs (a ``python -m bench --only chat`` run made them;
``--no-reset`` style: this never resets it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
import uuid

from bench.common import RESULTS, log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sockets", type=int, default=100)
    parser.add_argument("--messages", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ["TUMBUH_CHAT_RATE_LIMIT"] = "1000000/10"  # the store, not the limit, is measured
    from bench import data

    data.setup_django(pool=True)
    from channels.db import DatabaseSyncToAsync

    from mentoring import chat_writer, services
    from mentoring.models import Conversation

    conversations = list(Conversation.objects.select_related("profile__user", "companion")[: args.sockets])
    if not conversations:
        raise SystemExit(
            "no conversations in the bench database: run `python -m bench --quick --only chat` first"
        )

    def store_one(item: services.OutgoingMessage) -> dict:
        message, _created = services.send_message(
            item.conversation, sender=item.sender, body=item.body, client_id=item.client_id
        )
        return services.serialize_message(message, conversation=item.conversation)

    async def measure(path: str) -> tuple[float, int | None]:
        writer = chat_writer.ChatWriter() if path == "group-commit" else None

        async def socket(index: int) -> None:
            conversation = conversations[index % len(conversations)]
            sender = conversation.companion if index % 2 else conversation.profile.user
            for _ in range(args.messages):
                item = services.OutgoingMessage(
                    conversation, sender=sender, body="pesan", client_id=uuid.uuid4()
                )
                if writer is not None:
                    await writer.submit(item)
                else:
                    await DatabaseSyncToAsync(store_one, thread_sensitive=False)(item)

        started = time.perf_counter()
        await asyncio.gather(*(socket(i) for i in range(args.sockets)))
        rate = args.sockets * args.messages / (time.perf_counter() - started)
        if writer is None:
            return rate, None
        await writer.stop()
        return rate, writer.batches

    paths = ["per-message", "group-commit"]
    runs: dict[str, list] = {path: [] for path in paths}
    for rnd in range(args.rounds):
        for path in paths if rnd % 2 == 0 else paths[::-1]:
            load = os.getloadavg()[0]
            rate, batches = asyncio.run(measure(path))
            runs[path].append({"msgs_per_s": round(rate, 1), "batches": batches, "load": round(load, 1)})
            log(f"{path} round {rnd + 1}: {rate:.0f} msg/s" + (f" in {batches} batches" if batches else ""))
    result = {
        "sockets": args.sockets,
        "messages": args.messages,
        "runs": runs,
        "median_msgs_per_s": {p: statistics.median(r["msgs_per_s"] for r in runs[p]) for p in paths},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "group-commit.json").write_text(json.dumps(result, indent=2) + "\n")
    log(f"median acked msg/s: {result['median_msgs_per_s']} (bench/results/group-commit.json)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
