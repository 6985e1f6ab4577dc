"""Reading the reference-data and curriculum files (YAML) with one clear line for each mistake.

A loader walks a file's tree with a :class:`Shape`; the first problem raises :class:`DataFileError`
naming the file and the key (``milestone_paths.yaml: beginner[2].photos: must be a whole number``),
before anything is written.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it (the wheels are): the same safe types, about ten
# times faster than the pure-Python one (the curriculum is read on every load and every demo seed).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping (key: value)",
    datetime.date: "a date (YYYY-MM-DD)",
}


class DataFileError(Exception):
    """A data file is missing, unreadable or has the wrong shape; ``str(error)`` is one line."""

    def __init__(self, path: Path | str, key: str, message: str) -> None:
        self.path, self.key, self.message = Path(path), key, message
        super().__init__(f"{self.path}: {key}: {message}" if key else f"{self.path}: {message}")


def read_yaml(path: Path) -> Any:
    """The file's content as ``yaml.safe_load`` reads it; a syntax error names its line."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LOADER)  # noqa: S506 (CSafeLoader or SafeLoader)
    except FileNotFoundError:
        raise DataFileError(path, "", "file not found") from None
    except UnicodeDecodeError:
        raise DataFileError(path, "", "not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(syntax)"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(path, where, f"not valid YAML: {problem}") from None


def _is(value: Any, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is datetime.date:
        return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    return isinstance(value, kind)


class Shape:
    """Checks the nodes of one file; every error carries the file's path and the key walked to."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> DataFileError:
        return DataFileError(self.path, key, message)

    def value(self, node: Any, key: str, kind: type, *, non_empty: bool = True) -> Any:
        if not _is(node, kind):
            hint = ' (quote it: "…")' if kind is str and _is(node, int) else ""
            raise self.fail(key, f"must be {_TYPE_NAMES[kind]}{hint}, not {node!r:.40}")
        if non_empty and kind in (str, list, dict) and not node:
            raise self.fail(key, "must not be empty")
        return node

    def mapping(
        self, node: Any, key: str, *, required: dict[str, type], optional: dict[str, type] | None = None
    ) -> dict[str, Any]:
        """``node`` as a dict with every required key of the right type, no unknown keys."""
        optional = optional or {}
        self.value(node, key or "(top level)", dict)
        prefix = f"{key}." if key else ""
        for name in node:
            if name not in required and name not in optional:
                known = ", ".join([*required, *optional])
                raise self.fail(f"{prefix}{name}", f"unknown key (expected one of: {known})")
        for name, kind in required.items():
            if name not in node:
                raise self.fail(f"{prefix}{name}", "missing")
            self.value(node[name], f"{prefix}{name}", kind, non_empty=kind is not bool)
        for name, kind in optional.items():
            if name in node:
                self.value(node[name], f"{prefix}{name}", kind, non_empty=False)
        return node

    def bilingual(self, node: Any, key: str, *, english: bool = True) -> dict[str, str]:
        """``{id: …, en: …}`` with non-empty texts; ``en`` may be left out when ``english`` is False."""
        return self.mapping(
            node,
            key,
            required={"id": str, "en": str} if english else {"id": str},
            optional={} if english else {"en": str},
        )

    def unique(self, seen: set, value: Any, key: str, what: str) -> None:
        if value in seen:
            raise self.fail(key, f"duplicate {what} {value!r}")
        seen.add(value)
