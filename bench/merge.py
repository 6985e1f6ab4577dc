"""``python -m bench.merge A.json B.json … --run NAME``: join section results of separate runs into one report."""

from __future__ import annotations

import argparse
import json

from bench import report
from bench.common import RESULTS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--run", default="full")
    args = parser.parse_args()
    merged: dict = {}
    parts = []
    for name in args.files:
        part = json.loads((RESULTS / name).read_text())
        parts.append({"run": part["run"], "started": part["started"], "seconds": part["seconds"]})
        merged = {**merged, **part}
    merged["run"] = args.run
    merged["parts"] = parts
    merged["started"] = parts[0]["started"]
    merged["seconds"] = round(sum(p["seconds"] for p in parts), 1)
    (RESULTS / f"{args.run}.json").write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
    report.write(merged)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
