"""The outbox's client (static/js/outbox.js) under node, in a small fake browser: what it keeps
offline, how it replays (key, header, fresh CSRF token), refusals, two tabs, count and clear."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_outbox_client_keeps_replays_and_sends_each_item_once():
    node = shutil.which("node") or "/usr/bin/node"
    result = subprocess.run(
        [node, str(ROOT / "tests/core/outbox.test.js")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok - two tabs flushing at once send each item once (the sending mark)" in result.stdout
    assert result.stdout.count("ok - ") == 10
