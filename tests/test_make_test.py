"""``make test`` itself (the Makefile's recipe)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_make_test_keeps_compiled_and_rewritten_modules_between_runs():
    if shutil.which("make") is None:
        pytest.skip("no make on this machine")
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    recipe = subprocess.run(
        ["make", "--dry-run", "test"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pytest_line = next(line for line in recipe.splitlines() if "/pytest " in line)
    # An empty PYTHONDONTWRITEBYTECODE is "not set" for Python: bytecode and pytest's cache of
    # assert-rewritten test modules are written, and read by the next run.
    assert pytest_line.startswith("PYTHONDONTWRITEBYTECODE= "), pytest_line
