#!/usr/bin/env python3
"""The fault runs' TCP proxy to PostgreSQL, in a process of its own (``scripts/faults/run.py`` starts it).

    python scripts/faults/pgproxy.py --target 5432

Prints ``listening <port>`` once it accepts connections, then reads commands from stdin, one a line,
and answers each with ``ok``: ``pause`` (cut every piped connection and refuse new ones), ``resume``
(accept again), ``stop`` (cut everything and exit; end of stdin does the same).

It used to run on the fault client's event loop, beside 200 or more chat clients: under load every
database round trip of the servers waited for a turn of that busy loop, and while the runner stopped
the servers (a blocking wait) the proxy forwarded nothing, so a worker's last query hung until it was
killed. In its own process neither happens.
"""

from __future__ import annotations

import argparse
import asyncio
import sys


class Proxy:
    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.paused = False
        self.pairs: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.paused:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            writer.close()
            return
        pair = (writer, up_writer)
        self.pairs.add(pair)

        async def pipe(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
            try:
                while data := await r.read(65536):
                    w.write(data)
                    await w.drain()
            except (OSError, asyncio.CancelledError):
                pass
            finally:
                w.close()

        try:
            await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        finally:
            self.pairs.discard(pair)

    def cut(self) -> None:
        for a, b in list(self.pairs):
            a.close()
            b.close()
        self.pairs.clear()


async def serve(target: int, port: int) -> None:
    proxy = Proxy(target)
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", port)
    print(f"listening {server.sockets[0].getsockname()[1]}", flush=True)
    loop = asyncio.get_running_loop()
    commands = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(commands), sys.stdin)
    while line := (await commands.readline()).decode().strip():
        if line == "pause":
            proxy.paused = True
            proxy.cut()
        elif line == "resume":
            proxy.paused = False
        elif line == "stop":
            break
        else:
            print(f"unknown command {line!r}", flush=True)
            continue
        print("ok", flush=True)
    proxy.paused = True
    server.close()
    proxy.cut()
    print("ok", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--target", type=int, default=5432, help="PostgreSQL's port on 127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="the port to listen on (0: any free one)")
    args = parser.parse_args(argv)
    asyncio.run(serve(args.target, args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
