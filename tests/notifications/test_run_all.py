"""``scripts/run_all.py`` (``make run``): one Ctrl+C stops every process it started, children too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "run_all.py"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_one_interrupt_stops_every_process_and_their_children(tmp_path):
    pidfile = tmp_path / "child.pid"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(SCRIPT),
            "one=sleep 60",
            f"two=sh -c 'sleep 61 & echo $! > {pidfile}; wait'",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    for _ in range(50):
        if pidfile.exists() and pidfile.read_text().strip():
            break
        time.sleep(0.1)
    grandchild = int(pidfile.read_text())
    assert alive(grandchild)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=15) == 0
    for _ in range(20):
        if not alive(grandchild):
            break
        time.sleep(0.1)
    assert not alive(grandchild)
    assert "stopped" in proc.stdout.read()


def test_when_one_exits_the_others_stop():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "short=sh -c 'exit 3'", "long=sleep 60"],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 3
    assert "short exited with 3" in result.stdout
