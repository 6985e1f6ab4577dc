"""The starter curriculum, read from the YAML files beside this module and checked on load.

``courses/NN-<slug>.yaml`` holds one course and its lessons (``NN`` orders the courses on /learn/),
``index.yaml`` the /learn/ page, ``home.yaml`` the public home page; every text is bilingual
(``id``/``en``). The format is described in ``README.md`` here. ``read_curriculum()`` returns the
checked content; ``cms.curriculum_loader`` writes it as Wagtail pages.

``COURSES``, ``ENGLISH_LESSONS``, ``INDEX`` and ``HOME`` are the default files' content in the shapes
the loader uses (StreamField blocks as ``(type, value)`` pairs), read on first use.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from incubator.datafile import DataFileError, Shape, read_yaml

CURRICULUM_DIR = Path(__file__).resolve().parent
TIERS = ("beginner", "developing", "advanced")
AUDIENCES = ("entrepreneurs", "pillars", "both")  # cms.models.Audience; the first is the default
PILLAR_KIND_VALUES = (
    "tksk",
    "psm",
    "pkh_facilitator",
    "karang_taruna",
    "puskesos",
)  # cms.models.PILLAR_KINDS
LANGUAGES = ("id", "en")

Block = tuple[str, Any]


@dataclass(frozen=True)
class Curriculum:
    courses: list[dict[str, Any]]  # the Indonesian course and lesson fields, and the course's ``en``
    english_lessons: dict[str, dict[str, Any]]  # lesson slug → English title, summary and body
    index: dict[str, dict[str, str]]  # language → title, intro of /learn/
    home: dict[str, dict[str, Any]]  # language → the home page's fields


def _blocks(shape: Shape, node: Any, key: str) -> list[Block]:
    """Lesson blocks as written in a file → StreamField ``(type, value)`` pairs."""
    found: list[Block] = []
    for i, item in enumerate(shape.value(node, key, list, non_empty=False)):
        bkey = f"{key}[{i}]"
        block = shape.value(item, bkey, dict)
        if len(block) != 1:
            raise shape.fail(bkey, "one block per item: text, tip, warning, checklist or quiz")
        ((kind, value),) = block.items()
        bkey = f"{bkey}.{kind}"
        if kind == "text":
            found.append(("text", shape.value(value, bkey, str)))
        elif kind in ("tip", "warning"):
            found.append(("callout", {"kind": kind, "text": shape.value(value, bkey, str)}))
        elif kind == "checklist":
            c = shape.mapping(value, bkey, required={"title": str, "items": list})
            items = [shape.value(text, f"{bkey}.items[{n}]", str) for n, text in enumerate(c["items"])]
            found.append(("checklist", {"title": c["title"], "items": items}))
        elif kind == "quiz":
            found.append(("quiz", _quiz(shape, value, bkey)))
        else:
            raise shape.fail(bkey, "unknown block (expected text, tip, warning, checklist or quiz)")
    return found


def _quiz(shape: Shape, node: Any, key: str) -> dict[str, Any]:
    q = shape.mapping(node, key, required={"title": str, "pass_mark": int, "questions": list})
    if not 1 <= q["pass_mark"] <= 100:
        raise shape.fail(f"{key}.pass_mark", "must be between 1 and 100 (per cent)")
    questions = []
    for n, item in enumerate(q["questions"]):
        qkey = f"{key}.questions[{n}]"
        question = shape.mapping(
            item, qkey, required={"question": str, "answers": list, "correct": int, "explanation": str}
        )
        answers = [shape.value(a, f"{qkey}.answers[{m}]", str) for m, a in enumerate(question["answers"])]
        if not 0 <= question["correct"] < len(answers):
            raise shape.fail(f"{qkey}.correct", f"must be the index of an answer (0 to {len(answers) - 1})")
        questions.append(
            {
                "question": question["question"],
                "answers": [{"text": a, "correct": m == question["correct"]} for m, a in enumerate(answers)],
                "explanation": question["explanation"],
            }
        )
    return {"title": q["title"], "pass_mark": q["pass_mark"], "questions": questions}


def _quiz_shape(body: list[Block]) -> list[list[bool]]:
    return [
        [a["correct"] for a in q["answers"]] for kind, v in body if kind == "quiz" for q in v["questions"]
    ]


def _sources(shape: Shape, node: Any, key: str) -> list[dict[str, str]]:
    """``sources:`` — where a lesson's facts come from, as stored on the page (dates as YYYY-MM-DD)."""
    found = []
    for n, item in enumerate(shape.value(node, key, list, non_empty=False)):
        skey = f"{key}[{n}]"
        source = shape.mapping(
            item,
            skey,
            required={"title": str, "publisher": str, "url": str},
            optional={"date": datetime.date},
        )
        parts = urlparse(source["url"])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise shape.fail(f"{skey}.url", f"{source['url']!r} is not an http(s) address")
        date = source.get("date")
        found.append(
            {
                "title": source["title"],
                "publisher": source["publisher"],
                "url": source["url"],
                "date": date.isoformat() if date else "",
            }
        )
    return found


def _reviewed(shape: Shape, node: Any, key: str) -> dict[str, Any]:
    """``reviewed:`` — when and by whom a lesson's facts were last checked."""
    return shape.mapping(node, key, required={"date": datetime.date, "reviewer": str})


def _deadlines(shape: Shape, node: Any, key: str) -> list[dict[str, str]]:
    """``deadlines:`` — dates in the lesson that make it due for review once they pass."""
    found = []
    for n, item in enumerate(shape.value(node, key, list, non_empty=False)):
        deadline = shape.mapping(item, f"{key}[{n}]", required={"date": datetime.date, "what": str})
        found.append({"date": deadline["date"].isoformat(), "what": deadline["what"]})
    return found


# kind → the inputs it needs; the arithmetic itself is recomputed by tests/cms/test_curriculum_facts.py
WORKED_EXAMPLE_INPUTS: dict[str, dict[str, type]] = {
    "annuity": {"principal": float, "annual_rate_percent": float, "months": int},
    "simple_sum": {"terms": list},
    "percentage": {"base": float, "rate_percent": float},
    "ratio": {"amount": float, "numerator": float, "denominator": float},
    "product": {"factors": list},
}


def _number(shape: Shape, value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise shape.fail(key, f"must be a number, not {value!r:.40}")
    return value


def _worked_examples(shape: Shape, node: Any, key: str) -> list[dict[str, Any]]:
    """``worked_examples:`` — a lesson's sums as data: kind, inputs, the stated result (and rounding)."""
    found = []
    for n, item in enumerate(shape.value(node, key, list, non_empty=False)):
        wkey = f"{key}[{n}]"
        example = shape.mapping(
            item,
            wkey,
            required={"kind": str, "inputs": dict, "result": int},
            optional={"round_to": int, "at_least": int, "note": str},
        )
        kind = example["kind"]
        if kind not in WORKED_EXAMPLE_INPUTS:
            known = ", ".join(WORKED_EXAMPLE_INPUTS)
            raise shape.fail(f"{wkey}.kind", f"unknown kind {kind!r} (expected one of: {known})")
        wanted = WORKED_EXAMPLE_INPUTS[kind]
        inputs = shape.mapping(example["inputs"], f"{wkey}.inputs", required=dict.fromkeys(wanted, object))
        for name, kind_type in wanted.items():
            ikey = f"{wkey}.inputs.{name}"
            if kind_type is list:
                for m, value in enumerate(shape.value(inputs[name], ikey, list)):
                    _number(shape, value, f"{ikey}[{m}]")
            else:
                _number(shape, inputs[name], ikey)
        if example.get("round_to", 1) < 1:
            raise shape.fail(f"{wkey}.round_to", "must be 1 or more")
        found.append(dict(example))
    return found


def _slug(shape: Shape, value: str, key: str) -> str:
    try:
        validate_slug(value)
    except ValidationError:
        raise shape.fail(key, f"{value!r} is not a slug (lowercase letters, digits and hyphens)") from None
    return value


def _validate_stream(shape: Shape, body: list[Block], key: str) -> None:
    """What the lesson editor would refuse (lengths, empty lists) is refused here too."""
    from cms.models import LessonPage

    stream_block = LessonPage._meta.get_field("body").stream_block
    try:
        stream_block.clean(stream_block.normalize(body))
    except ValidationError as exc:
        raise shape.fail(key, f"refused by the lesson editor: {_flatten(exc)}") from None


def _flatten(exc: Any) -> str:
    data = exc.as_json_data() if hasattr(exc, "as_json_data") else {"messages": exc.messages}
    found: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                walk(
                    value,
                    where
                    if name in ("messages", "blockErrors")
                    else f"{where}.{name}"
                    if where
                    else str(name),
                )
        elif isinstance(node, list):
            for item in node:
                walk(item, where)
        elif isinstance(node, str):
            found.append(f"{where}: {node}" if where else node)

    walk(data, "")
    return "; ".join(found) or str(exc)


def read_course(path: Path, *, lesson_slugs: set[str] | None = None) -> tuple[dict, dict[str, dict]]:
    """One course file → (the course in the loader's shape, its English lessons by slug)."""
    shape = Shape(path)
    c = shape.mapping(
        read_yaml(path),
        "",
        required={
            "slug": str,
            "tier": str,
            "minutes": int,
            "title": dict,
            "summary": dict,
            "lessons": list,
        },
        optional={"milestone_codes": list, "audience": str, "pillar_kind": str},
    )
    _slug(shape, c["slug"], "slug")
    audience = c.get("audience", AUDIENCES[0])
    if audience not in AUDIENCES:
        raise shape.fail(
            "audience", f"unknown audience {audience!r} (expected one of: {', '.join(AUDIENCES)})"
        )
    pillar_kind = c.get("pillar_kind", "")
    if pillar_kind and (audience == "entrepreneurs" or pillar_kind not in PILLAR_KIND_VALUES):
        raise shape.fail(
            "pillar_kind",
            f"{pillar_kind!r} needs an audience of pillars or both and one of: {', '.join(PILLAR_KIND_VALUES)}",
        )
    if c["tier"] not in TIERS:
        raise shape.fail("tier", f"unknown tier {c['tier']!r} (expected one of: {', '.join(TIERS)})")
    codes = [
        shape.value(code, f"milestone_codes[{n}]", str) for n, code in enumerate(c.get("milestone_codes", []))
    ]
    title, summary = shape.bilingual(c["title"], "title"), shape.bilingual(c["summary"], "summary")
    lessons, english = [], {}
    seen = lesson_slugs if lesson_slugs is not None else set()
    for n, node in enumerate(c["lessons"]):
        key = f"lessons[{n}]"
        lesson = shape.mapping(
            node,
            key,
            required={"slug": str, "minutes": int, "title": dict, "summary": dict, "body": dict},
            optional={"sources": list, "reviewed": dict, "deadlines": list, "worked_examples": list},
        )
        shape.unique(seen, _slug(shape, lesson["slug"], f"{key}.slug"), f"{key}.slug", "lesson slug")
        ltitle = shape.bilingual(lesson["title"], f"{key}.title", english=False)
        lsummary = shape.bilingual(lesson["summary"], f"{key}.summary", english=False)
        shape.mapping(lesson["body"], f"{key}.body", required={"id": list}, optional={"en": list})
        languages = [lang for lang in LANGUAGES if lang in ltitle]
        for part, value in (("summary", lsummary), ("body", lesson["body"])):
            missing = [lang for lang in languages if lang not in value]
            extra = [lang for lang in value if lang not in languages]
            if missing or extra:
                raise shape.fail(
                    f"{key}.{part}.{(missing or extra)[0]}",
                    "missing (the title has this language)"
                    if missing
                    else "the title has no text in this language",
                )
        body = {lang: _blocks(shape, lesson["body"][lang], f"{key}.body.{lang}") for lang in languages}
        for lang in languages:
            _validate_stream(shape, body[lang], f"{key}.body.{lang}")
        if "en" in body and _quiz_shape(body["en"]) != _quiz_shape(body["id"]):
            raise shape.fail(
                f"{key}.body.en",
                "the quiz must keep the Indonesian questions' order, answer counts and correct answers "
                "(one attempt counts in both languages)",
            )
        reviewed = _reviewed(shape, lesson["reviewed"], f"{key}.reviewed") if "reviewed" in lesson else None
        facts = {
            "sources": _sources(shape, lesson.get("sources", []), f"{key}.sources"),
            "deadlines": _deadlines(shape, lesson.get("deadlines", []), f"{key}.deadlines"),
            "last_reviewed_at": reviewed["date"] if reviewed else None,
            "reviewed_by": reviewed["reviewer"] if reviewed else "",
        }
        lessons.append(
            {
                "slug": lesson["slug"],
                "title": ltitle["id"],
                "summary": lsummary["id"],
                "minutes": lesson["minutes"],
                "body": body["id"],
                "facts": facts,
                "worked_examples": _worked_examples(
                    shape, lesson.get("worked_examples", []), f"{key}.worked_examples"
                ),
            }
        )
        if "en" in body:
            english[lesson["slug"]] = {
                "title": ltitle["en"],
                "summary": lsummary["en"],
                "body": body["en"],
                **facts,
            }
    course = {
        "slug": c["slug"],
        "tier": c["tier"],
        "audience": audience,
        "pillar_kind": pillar_kind,
        "milestone_codes": codes,
        "minutes": c["minutes"],
        "title": title["id"],
        "summary": summary["id"],
        "en": {"title": title["en"], "summary": summary["en"]},
        "lessons": lessons,
    }
    return course, english


def _read_index(path: Path) -> dict[str, dict[str, str]]:
    shape = Shape(path)
    top = shape.mapping(read_yaml(path), "", required={"id": dict, "en": dict})
    return {lang: shape.mapping(top[lang], lang, required={"title": str, "intro": str}) for lang in LANGUAGES}


def read_home(path: Path = CURRICULUM_DIR / "home.yaml") -> dict[str, dict[str, Any]]:
    shape = Shape(path)
    top = shape.mapping(read_yaml(path), "", required={"id": dict, "en": dict})
    home = {}
    for lang in LANGUAGES:
        page = shape.mapping(
            top[lang], lang, required={"title": str, "intro": str, "tiers": list, "how": str, "how_text": str}
        )
        for n, tier in enumerate(page["tiers"]):
            shape.mapping(tier, f"{lang}.tiers[{n}]", required={"title": str, "subtitle": str, "text": str})
        home[lang] = page
    return home


def read_curriculum(directory: Path = CURRICULUM_DIR) -> Curriculum:
    """Every file read and checked; raises :class:`DataFileError` on the first mistake."""
    files = sorted((directory / "courses").glob("*.yaml"))
    if not files:
        raise DataFileError(directory / "courses", "", "no course files (*.yaml)")
    courses, english, slugs, lesson_slugs = [], {}, set(), set()
    for path in files:
        course, course_english = read_course(path, lesson_slugs=lesson_slugs)
        Shape(path).unique(slugs, course["slug"], "slug", "course slug")
        courses.append(course)
        english.update(course_english)
    return Curriculum(
        courses=courses,
        english_lessons=english,
        index=_read_index(directory / "index.yaml"),
        home=read_home(directory / "home.yaml"),
    )


_DEFAULT: Curriculum | None = None


def default() -> Curriculum:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = read_curriculum()
    return _DEFAULT


def __getattr__(name: str) -> Any:
    fields = {"COURSES": "courses", "ENGLISH_LESSONS": "english_lessons", "INDEX": "index", "HOME": "home"}
    if name in fields:
        return getattr(default(), fields[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CURRICULUM_DIR", "Curriculum", "DataFileError", "read_course", "read_curriculum", "read_home"]
