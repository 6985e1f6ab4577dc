"""The layer contract (import-linter, ``make lint``) names every app of the repository.

A new app left out of ``[tool.importlinter] root_packages`` would escape the layers unseen.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_app_is_in_the_layer_contract():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    layers = config["contracts"][0]["layers"]
    layered = {name.strip() for layer in layers for name in layer.split("|")}
    assert apps - set(config["root_packages"]) == set()
    assert apps - layered == set()
