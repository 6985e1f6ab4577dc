"""Turn a results dict into bench/results/<run>.svg and the summary table in bench/README.md."""

from __future__ import annotations

import math
from html import escape

from bench.common import RESULTS, ROOT

START, END = "<!-- bench:summary:start -->", "<!-- bench:summary:end -->"


def write(results: dict) -> None:
    run = results["run"]
    (RESULTS / f"{run}.svg").write_text(svg(results))
    table = summary(results)
    (RESULTS / f"{run}.md").write_text(table)
    readme = ROOT / "bench" / "README.md"
    if readme.exists():
        text = readme.read_text()
        if START in text and END in text:
            head, rest = text.split(START, 1)
            _old, tail = rest.split(END, 1)
            readme.write_text(f"{head}{START}\n{table}\n{END}{tail}")


def _fmt(x, unit=""):
    return "–" if x is None else f"{x:,}{unit}" if isinstance(x, int) else f"{x:,.2f}{unit}"


def summary(r: dict) -> str:
    m = r["machine"]
    lines = [
        f"Run `{r['run']}` started {r['started']} ({r.get('seconds', '?')} s). Machine: {m['cores']} cores "
        f"{m['cpu']}, {m['memory']} RAM, Python {m['python']}, PostgreSQL {m['postgresql']}, "
        f"{m['redis'].split(' sha')[0]}; load average at start {tuple(round(x, 1) for x in m['load_average_at_start'])} "
        "(shared machine).",
        "",
    ]
    if r.get("chat"):
        lines += [
            "**Chat delivery** (Tumbuh's consumer vs a bare Channels group relay on the same server; "
            f"{r['config']['messages']} messages per pair, one every {r['config']['interval']} s):",
            "",
            "| layer | pairs | relay p50 / p99 ms | Tumbuh p50 / p99 ms | p50 × | p99 × | Tumbuh msg/s | workers' CPU ms per message, relay / Tumbuh | sent = acked = delivered = stored, no dup, in order |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for row in r["chat"]:
            t, b = row["tumbuh"], row["relay"]
            counts = f"{t['sent']} / {t['acked']} / {t['delivered']} / {t['stored']}, dup {t['duplicates']}, out of order {t['pairs_out_of_order']}"
            lines.append(
                f"| {row['mode']}{' (' + row['variant'] + ')' if row.get('variant') else ''} | {row['pairs']} | {_fmt(b['p50_ms'])} / {_fmt(b['p99_ms'])} | "
                f"{_fmt(t['p50_ms'])} / {_fmt(t['p99_ms'])} | {_fmt(row['p50_ratio'])} | {_fmt(row['p99_ratio'])} | "
                f"{_fmt(t['throughput_msgs_per_s'])} | {_fmt(b.get('workers_cpu_ms_per_msg'))} / {_fmt(t.get('workers_cpu_ms_per_msg'))} | {'yes' if row['all_counted'] else 'NO'}: {counts} |"
            )
        lines.append("")
    if r.get("saturation"):
        s = r["saturation"]
        lines += [
            f"**Chat ceiling vs the database floor** (Tumbuh: sender sockets on {s['workers']} workers with Redis + "
            "PostgreSQL, each sending its next message as soon as the last is acknowledged; pgbench: the same number "
            f"of clients committing single-row inserts; {s['seconds']} s each after a {s['warmup']}-s warm-up, "
            f"{s['rounds']} rounds alternating, means):",
            "",
            "| clients | Tumbuh acked msg/s | pgbench insert tps | Tumbuh ÷ pgbench | workers' CPU ms per message | PostgreSQL CPU ms per message | every ack stored | refused | load (1 min) |",
            "|---:|---:|---:|---:|---:|---:|---|---|---|",
        ]
        for row in s["by_clients"]:
            cpu = " / ".join(_fmt(x) for x in row["workers_cpu_ms_per_msg"])
            pg = " / ".join(_fmt(x) for x in row["postgres_cpu_ms_per_msg"])
            refused = ", ".join(f"{k} {v}" for e in row["errors"] for k, v in e.items()) or "none"
            lines.append(
                f"| {row['clients']} | {_fmt(row['tumbuh_acked_msgs_per_s'])} | {_fmt(row['pgbench_insert_tps'])} | "
                f"{_fmt(row['ratio'])} | {cpu} | {pg} | {'yes' if row['all_acked_stored'] else 'NO'} | {refused} | "
                f"{' / '.join(str(x) for x in row['load_average_1min'])} |"
            )
        lines.append("")
    if r.get("pages"):
        lines += [
            "**Pages** (2 workers, Redis + PostgreSQL; ratios against the trivial view in the same rounds):",
            "",
            "| entrepreneurs | messages | page | p50 ms | p99 ms | req/s | p50 × trivial | queries |",
            "|---:|---:|---|---:|---:|---:|---:|---:|",
        ]
        for size, qc in zip(r["pages"], r["query_counts"], strict=False):
            for name, t in size["pages"].items():
                q = qc["pages"].get(name, {}).get("queries")
                lines.append(
                    f"| {size['entrepreneurs']:,} | {size['messages_stored']:,} | {name} | {_fmt(t['p50_ms'])} | "
                    f"{_fmt(t['p99_ms'])} | {_fmt(t['requests_per_s'])} | {_fmt(t['p50_ratio'])} | {_fmt(q)} |"
                )
        lines.append("")
    if r.get("history_paging"):
        lines += [
            "**History paging** (`/chat/<id>/messages/?before=<middle id>`, 50 per page):",
            "",
            "| stored messages | conversation | p50 ms | p99 ms |",
            "|---:|---|---:|---:|",
        ]
        for size in r["history_paging"]:
            for name, t in size["paging"].items():
                lines.append(
                    f"| {size['messages_stored']:,} | {name} | {_fmt(t['p50_ms'])} | {_fmt(t['p99_ms'])} |"
                )
        lines.append("")
    if r.get("weight"):
        lines += [
            "**Weight** (bytes on the wire as served; first visit = HTML + CSS + JS, repeat = what is not cached for a year):",
            "",
            "| page | HTML (encoding) | HTML if gzipped | CSS | JS (raw) | first visit | repeat visit |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, w in r["weight"].items():
            lines.append(
                f"| {name} ({w['status']}) | {w['html_bytes_on_wire']:,} ({w['html_encoding']}) | {w['html_gzip_bytes_if_compressed']:,} | "
                f"{w['css_bytes_on_wire']:,} | {w['js_bytes_on_wire']:,} ({w['js_bytes_uncompressed']:,}) | "
                f"{w['first_visit_bytes']:,} | {w['repeat_visit_bytes']:,} |"
            )
        lines.append("")
    if r.get("shell_weight"):
        s = r["shell_weight"]
        lines += [
            "**Offline shell** (what `/sw.js` precaches, as served; all first-party JavaScript, gzipped -9):",
            "",
            "| measure | files | bytes | budget |",
            "|---|---:|---:|---:|",
            f"| precache (version {s['version']}) | {s['precache_files']} | {s['precache_bytes']:,} "
            f"({s['precache_bytes_on_wire']:,} on the wire) | {s['precache_budget_bytes']:,} |",
            f"| first-party JS gzipped | {s['js_files']} | {s['js_gzip_bytes']:,} ({s['js_bytes']:,} raw) "
            f"| < {s['js_gzip_budget_bytes']:,} |",
            "",
        ]
    if r.get("floors"):
        f = r["floors"]
        echo = ", ".join(
            f"{n} clients p50 {v['p50_ms']} / p99 {v['p99_ms']} ms"
            for n, v in f["websockets_echo_round_trip"].items()
        )
        rb = ", ".join(
            f"{k} {v['requests_per_s']:,.0f}/s ({v['avg_ms']} ms)"
            for k, v in f["redis_benchmark_1_client"].items()
        )
        lines += [
            "**Floors**: raw `websockets` echo round trip: "
            + echo
            + ". `redis-benchmark` (1 client): "
            + rb
            + f". `pgbench` 1 client: select {f['pgbench_select_1_client']['tps']} tps "
            f"({f['pgbench_select_1_client']['avg_ms']} ms), single-row insert {f['pgbench_insert_1_client']['tps']} tps "
            f"({f['pgbench_insert_1_client']['avg_ms']} ms).",
            "",
        ]
    return "\n".join(lines)


def svg(r: dict) -> str:
    """Horizontal bars of p50 latency: chat (relay vs Tumbuh) and pages (trivial vs pages)."""
    bars: list[tuple[str, float, str]] = []
    for row in r.get("chat", []):
        bars.append((f"chat {row['mode']} {row['pairs']} pairs: relay", row["relay"]["p50_ms"] or 0, "#8aa"))
        bars.append(
            (
                f"chat {row['mode']} {row['pairs']} pairs: Tumbuh {row.get('variant', '')}".rstrip(),
                row["tumbuh"]["p50_ms"] or 0,
                "#2a7",
            )
        )
    for size in r.get("pages", []):
        for name, t in size["pages"].items():
            bars.append((f"{size['entrepreneurs']:,} entrepreneurs: {name}", t["p50_ms"] or 0, "#37c"))
    if not bars:
        bars = [("no data", 0, "#999")]
    top = max(b[1] for b in bars) or 1
    width, label_w, row_h = 900, 380, 22
    height = 40 + row_h * len(bars)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
        f'<text x="10" y="20" font-size="14">p50 latency, ms, log scale (run {escape(r["run"])}, {escape(r["started"])})</text>',
    ]
    for i, (label, value, colour) in enumerate(bars):
        y = 32 + i * row_h
        w = (width - label_w - 80) * math.log10(1 + value) / math.log10(1 + top)
        out.append(f'<text x="10" y="{y + 14}">{escape(label)}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}"/>')
        out.append(f'<text x="{label_w + w + 5:.1f}" y="{y + 14}">{value:.1f}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
