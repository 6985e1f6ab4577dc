"""The program's reference data from ``incubator/data/``: regions, UMK thresholds and milestone paths.

``read_program()`` checks every file and returns plain data; ``load_program()`` writes it in one
transaction, keyed by stable codes, so a re-run after an edit updates rows in place and creates no
duplicates. Nothing is deleted: areas, thresholds and milestone steps made in the admin stay.
Companion kinds stay code (``incubator.models.CompanionKind``): their labels are translated strings.
"""

from __future__ import annotations

import datetime
import functools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from incubator.datafile import DataFileError, Shape, read_yaml
from incubator.models import (
    INTAKE_MAX_SCORE,
    MAX_RUPIAH,
    AutoRule,
    IncomeThreshold,
    IntakeAspect,
    MilestoneTemplate,
    Region,
    Tier,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
WORKING_TIERS = (Tier.BEGINNER, Tier.DEVELOPING, Tier.ADVANCED)


@dataclass(frozen=True)
class RegionSpec:
    name: str
    code: str
    districts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProvinceSpec:
    name: str
    code: str
    regencies: tuple[RegionSpec, ...]


@dataclass(frozen=True)
class ThresholdSpec:
    regency_code: str
    monthly_amount: int
    effective_from: datetime.date
    note: str


@dataclass(frozen=True)
class StepSpec:
    code: str
    tier: str
    order: int
    title: str
    title_en: str
    description: str
    description_en: str
    category: str
    is_required: bool
    asks_photos: int
    amount_label: str
    amount_label_en: str
    asks_text: bool
    auto_rule: str = ""

    def fields(self) -> dict:
        return {
            "tier": self.tier,
            "order": self.order,
            "title": self.title,
            "title_en": self.title_en,
            "description": self.description,
            "description_en": self.description_en,
            "category": self.category,
            "is_required": self.is_required,
            "asks_text": self.asks_text,
            "asks_photos": self.asks_photos,
            "asks_amount": bool(self.amount_label),
            "amount_label": self.amount_label,
            "amount_label_en": self.amount_label_en,
            "auto_rule": self.auto_rule,
            "is_active": True,
        }


@dataclass(frozen=True)
class AspectSpec:
    code: str
    order: int
    title: str
    title_en: str
    levels: tuple[str, ...]

    def fields(self) -> dict:
        return {
            "order": self.order,
            "title": self.title,
            "title_en": self.title_en,
            **{f"level_{n}": text for n, text in enumerate(self.levels)},
        }


@dataclass(frozen=True)
class PlacementRule:
    """The suggested group from the intake total, as a share (percent) of the highest total."""

    developing_from_percent: int
    advanced_from_percent: int


@dataclass
class Program:
    provinces: list[ProvinceSpec] = field(default_factory=list)
    thresholds: list[ThresholdSpec] = field(default_factory=list)
    steps: list[StepSpec] = field(default_factory=list)
    aspects: list[AspectSpec] = field(default_factory=list)
    placement: PlacementRule | None = None


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def read_regions(path: Path) -> list[ProvinceSpec]:
    shape = Shape(path)
    top = shape.mapping(read_yaml(path), "", required={"provinces": list})
    codes: set[str] = set()
    provinces = []
    name_max = _max_length(Region, "name")
    for i, node in enumerate(top["provinces"]):
        key = f"provinces[{i}]"
        p = shape.mapping(node, key, required={"name": str, "code": str, "regencies": list})
        shape.unique(codes, p["code"], f"{key}.code", "BPS code")
        regencies, names = [], set()
        for j, reg in enumerate(p["regencies"]):
            rkey = f"{key}.regencies[{j}]"
            r = shape.mapping(reg, rkey, required={"name": str, "code": str}, optional={"districts": list})
            shape.unique(codes, r["code"], f"{rkey}.code", "BPS code")
            shape.unique(names, r["name"], f"{rkey}.name", "regency name")
            districts: set[str] = set()
            for k, d in enumerate(r.get("districts", [])):
                shape.value(d, f"{rkey}.districts[{k}]", str)
                shape.unique(districts, d, f"{rkey}.districts[{k}]", "district")
            for k, name in enumerate([p["name"], r["name"], *r.get("districts", [])]):
                if len(name) > name_max:
                    raise shape.fail(
                        rkey if k else f"{key}.name", f"{name!r} is longer than {name_max} characters"
                    )
            regencies.append(RegionSpec(r["name"], r["code"], tuple(r.get("districts", []))))
        provinces.append(ProvinceSpec(p["name"], p["code"], tuple(regencies)))
    return provinces


def read_thresholds(path: Path, provinces: list[ProvinceSpec]) -> list[ThresholdSpec]:
    shape = Shape(path)
    regencies = {r.code: r.name for p in provinces for r in p.regencies}
    top = shape.mapping(read_yaml(path), "", required={"thresholds": list})
    seen: set[tuple[str, datetime.date]] = set()
    found = []
    for i, node in enumerate(top["thresholds"]):
        key = f"thresholds[{i}]"
        t = shape.mapping(
            node,
            key,
            required={"regency": str, "monthly_amount": int, "effective_from": datetime.date},
            optional={"regency_name": str, "note": str},
        )
        if t["regency"] not in regencies:
            raise shape.fail(f"{key}.regency", f"unknown regency code {t['regency']!r} (not in regions.yaml)")
        if "regency_name" in t and t["regency_name"] != regencies[t["regency"]]:
            raise shape.fail(
                f"{key}.regency_name",
                f"{t['regency_name']!r} does not match regency {t['regency']} ({regencies[t['regency']]!r})",
            )
        if not 0 < t["monthly_amount"] <= MAX_RUPIAH:
            raise shape.fail(f"{key}.monthly_amount", f"must be between 1 and {MAX_RUPIAH:,} Rupiah")
        if len(t.get("note", "")) > _max_length(IncomeThreshold, "note"):
            raise shape.fail(f"{key}.note", "too long")
        shape.unique(seen, (t["regency"], t["effective_from"]), key, "threshold (regency, effective_from)")
        found.append(ThresholdSpec(t["regency"], t["monthly_amount"], t["effective_from"], t.get("note", "")))
    return found


def read_paths(path: Path) -> list[StepSpec]:
    shape = Shape(path)
    top = shape.value(read_yaml(path), "(top level)", dict)
    for name in top:
        if name not in WORKING_TIERS:
            raise shape.fail(str(name), f"unknown tier (expected one of: {', '.join(WORKING_TIERS)})")
    codes: set[str] = set()
    steps = []
    code_field = MilestoneTemplate._meta.get_field("code")
    for tier in WORKING_TIERS:
        for order, node in enumerate(shape.value(top.get(tier), tier, list) if tier in top else [], start=1):
            key = f"{tier}[{order - 1}]"
            s = shape.mapping(
                node,
                key,
                required={
                    "code": str,
                    "title": dict,
                    "description": dict,
                    "category": str,
                    "required": bool,
                    "photos": int,
                },
                optional={"amount_label": dict, "asks_text": bool, "auto": str},
            )
            try:
                code_field.run_validators(s["code"])
            except Exception:
                raise shape.fail(
                    f"{key}.code", f"{s['code']!r} is not a slug of at most 40 characters"
                ) from None
            shape.unique(codes, s["code"], f"{key}.code", "milestone code")
            title = shape.bilingual(s["title"], f"{key}.title")
            description = shape.bilingual(s["description"], f"{key}.description")
            amount_label = (
                shape.bilingual(s["amount_label"], f"{key}.amount_label")
                if "amount_label" in s
                else {"id": "", "en": ""}
            )
            for name, value in (("title.id", title["id"]), ("title.en", title["en"])):
                if len(value) > _max_length(MilestoneTemplate, "title"):
                    raise shape.fail(f"{key}.{name}", "longer than 150 characters")
            if not 0 <= s["photos"] <= 5:
                raise shape.fail(f"{key}.photos", "must be between 0 and 5")
            if s.get("auto", "") and s["auto"] not in AutoRule.values:
                raise shape.fail(
                    f"{key}.auto", f"unknown rule (expected one of: {', '.join(AutoRule.values)})"
                )
            if len(s["category"]) > _max_length(MilestoneTemplate, "category"):
                raise shape.fail(f"{key}.category", "too long")
            for lang, value in amount_label.items():
                if len(value) > _max_length(MilestoneTemplate, "amount_label"):
                    raise shape.fail(f"{key}.amount_label.{lang}", "too long")
            steps.append(
                StepSpec(
                    code=s["code"],
                    tier=tier,
                    order=order,
                    title=title["id"],
                    title_en=title["en"],
                    description=description["id"],
                    description_en=description["en"],
                    category=s["category"],
                    is_required=s["required"],
                    asks_photos=s["photos"],
                    amount_label=amount_label["id"],
                    amount_label_en=amount_label["en"],
                    asks_text=s.get("asks_text", True),
                    auto_rule=s.get("auto", ""),
                )
            )
    return steps


def read_intake(path: Path) -> tuple[PlacementRule, list[AspectSpec]]:
    shape = Shape(path)
    top = shape.mapping(read_yaml(path), "", required={"placement": dict, "aspects": list})
    p = shape.mapping(
        top["placement"], "placement", required={"developing_from_percent": int, "advanced_from_percent": int}
    )
    rule = PlacementRule(p["developing_from_percent"], p["advanced_from_percent"])
    if not 0 < rule.developing_from_percent < rule.advanced_from_percent <= 100:
        raise shape.fail("placement", "needs 0 < developing_from_percent < advanced_from_percent <= 100")
    codes: set[str] = set()
    aspects = []
    code_field = IntakeAspect._meta.get_field("code")
    for order, node in enumerate(top["aspects"], start=1):
        key = f"aspects[{order - 1}]"
        a = shape.mapping(node, key, required={"code": str, "title": dict, "levels": list})
        try:
            code_field.run_validators(a["code"])
        except Exception:
            raise shape.fail(f"{key}.code", f"{a['code']!r} is not a slug of at most 40 characters") from None
        shape.unique(codes, a["code"], f"{key}.code", "aspect code")
        title = shape.bilingual(a["title"], f"{key}.title")
        if len(a["levels"]) != INTAKE_MAX_SCORE + 1:
            raise shape.fail(
                f"{key}.levels", f"must list {INTAKE_MAX_SCORE + 1} texts (scores 0-{INTAKE_MAX_SCORE})"
            )
        for n, text in enumerate(a["levels"]):
            shape.value(text, f"{key}.levels[{n}]", str)
            if len(text) > _max_length(IntakeAspect, f"level_{n}"):
                raise shape.fail(f"{key}.levels[{n}]", "too long")
        aspects.append(AspectSpec(a["code"], order, title["id"], title["en"], tuple(a["levels"])))
    return rule, aspects


@functools.cache
def placement_rule(data_dir: Path = DATA_DIR) -> PlacementRule:
    """The placement thresholds of ``intake_aspects.yaml`` (read once per process)."""
    return read_intake(data_dir / "intake_aspects.yaml")[0]


def read_program(data_dir: Path = DATA_DIR) -> Program:
    """Every file read and checked; raises :class:`DataFileError` on the first mistake."""
    provinces = read_regions(data_dir / "regions.yaml")
    return Program(
        provinces=provinces,
        thresholds=read_thresholds(data_dir / "umk.yaml", provinces),
        steps=read_paths(data_dir / "milestone_paths.yaml"),
        **_intake(data_dir),
    )


def _intake(data_dir: Path) -> dict:
    placement, aspects = read_intake(data_dir / "intake_aspects.yaml")
    return {"placement": placement, "aspects": aspects}


class _Tally:
    def __init__(self) -> None:
        self.counts: dict[str, Counter] = {}

    def add(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def line(self) -> str:
        parts = []
        for kind, c in self.counts.items():
            parts.append(f"{kind} {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged")
        return "; ".join(parts)


def _save(obj, fields: dict, tally: _Tally, kind: str) -> bool:
    """Set ``fields`` on an existing row, saving only when something differs (then True)."""
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, fields[name])
    if changed:
        obj.save()
    tally.add(kind, "updated" if changed else "unchanged")
    return bool(changed)


def _region(code: str, name: str, level: str, parent: Region | None, tally: _Tally) -> Region:
    """Keyed by BPS code; a row made earlier without a code is found by its name and parent."""
    fields = {"name": name, "level": level, "parent_id": parent.pk if parent else None, "code": code}
    region = (
        Region.objects.filter(code=code).first() or Region.objects.filter(parent=parent, name=name).first()
    )
    if region is None:
        tally.add("regions", "created")
        return Region.objects.create(**fields)
    _save(region, fields, tally, "regions")
    return region


def _load_regions(provinces: list[ProvinceSpec], tally: _Tally) -> dict[str, Region]:
    by_code: dict[str, Region] = {}
    for p in provinces:
        province = _region(p.code, p.name, Region.Level.PROVINCE, None, tally)
        for r in p.regencies:
            regency = by_code[r.code] = _region(r.code, r.name, Region.Level.REGENCY, province, tally)
            for name in r.districts:
                _, created = Region.objects.get_or_create(
                    parent=regency, name=name, defaults={"level": Region.Level.DISTRICT}
                )
                tally.add("regions", "created" if created else "unchanged")
    return by_code


def _load_thresholds(thresholds: list[ThresholdSpec], regencies: dict[str, Region], tally: _Tally) -> None:
    for t in thresholds:
        fields = {"monthly_amount": t.monthly_amount, "note": t.note}
        row = IncomeThreshold.objects.filter(
            regency=regencies[t.regency_code], effective_from=t.effective_from
        ).first()
        if row is None:
            IncomeThreshold.objects.create(
                regency=regencies[t.regency_code], effective_from=t.effective_from, **fields
            )
            tally.add("thresholds", "created")
        else:
            _save(row, fields, tally, "thresholds")


def _load_steps(steps: list[StepSpec], tally: _Tally) -> set[str]:
    """Each tier's steps take orders 1..n in file order. A step made in the admin (a code not in the
    file) keeps its place unless the file now needs that place; then it moves after the tier's last.
    Returns the tiers whose path changed (a step created, moved or edited: its old and new tier)."""
    by_code = {s.code: s for s in steps}
    existing = {t.code: t for t in MilestoneTemplate.objects.select_for_update()}
    wanted = {(s.tier, s.order) for s in steps}
    movers = [
        t
        for t in existing.values()
        if (t.code in by_code and (t.tier, t.order) != (by_code[t.code].tier, by_code[t.code].order))
        or (t.code not in by_code and (t.tier, t.order) in wanted)
    ]
    # (tier, order) is unique and checked row by row: park the movers above every order in use first.
    park = max([t.order for t in existing.values()] + [len(steps)]) + 1
    changed = {t.tier for t in movers}
    for offset, template in enumerate(movers):
        MilestoneTemplate.objects.filter(pk=template.pk).update(order=park + offset)
        template.order = park + offset
    taken = wanted | {
        (t.tier, t.order) for t in existing.values() if t.code not in by_code and t not in movers
    }
    for template in (t for t in movers if t.code not in by_code):
        template.order = max([order for tier, order in taken if tier == template.tier], default=0) + 1
        MilestoneTemplate.objects.filter(pk=template.pk).update(order=template.order)
        taken.add((template.tier, template.order))
    for s in steps:
        template = existing.get(s.code)
        if template is None:
            MilestoneTemplate.objects.create(code=s.code, **s.fields())
            tally.add("milestone steps", "created")
            changed.add(s.tier)
        else:
            tier = template.tier
            if _save(template, s.fields(), tally, "milestone steps"):
                changed |= {tier, template.tier}
    return changed


def _load_aspects(aspects: list[AspectSpec], tally: _Tally) -> None:
    existing = {a.code: a for a in IntakeAspect.objects.all()}
    for spec in aspects:
        aspect = existing.get(spec.code)
        if aspect is None:
            IntakeAspect.objects.create(code=spec.code, **spec.fields())
            tally.add("intake aspects", "created")
        else:
            _save(aspect, spec.fields(), tally, "intake aspects")


@transaction.atomic
def load_program(data_dir: Path = DATA_DIR) -> str:
    """Read every file, then write regions, thresholds and milestone steps; a one-line summary.

    The families of a tier whose steps changed are recounted at the end (``recount_tiers``: their
    required totals, their dashboards bumped).

    Raises :class:`DataFileError` before writing anything when a file is wrong.
    """
    program = read_program(data_dir)
    tally = _Tally()
    regencies = _load_regions(program.provinces, tally)
    _load_thresholds(program.thresholds, regencies, tally)
    changed_tiers = _load_steps(program.steps, tally)
    _load_aspects(program.aspects, tally)
    if changed_tiers:
        # The families of a changed path: their required totals and dashboards, once, at the end.
        # (A function import: the services import this module.)
        from incubator.services import recount_tiers

        recount_tiers(changed_tiers)
    return tally.line()


__all__ = [
    "DATA_DIR",
    "DataFileError",
    "PlacementRule",
    "Program",
    "load_program",
    "placement_rule",
    "read_program",
]
