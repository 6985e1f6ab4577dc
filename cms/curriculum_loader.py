"""Writes the curriculum files (``cms/curriculum/``) as published Wagtail pages, in both languages.

Pages are found by slug (the home page, ``/learn/``, each course under it, each lesson under its
course) and their English versions through Wagtail's own translations (``copy_for_translation``,
the same ``translation_key``). A page is created when missing and updated (a new published revision)
when it differs from its file; an unchanged page gets no revision. A page whose latest revision was
saved by a person in the CMS is kept as the editor left it, unless ``overwrite=True``. Pages that are
not in the files (an editor's own courses and lessons) are never touched, and nothing is deleted.
"""

from __future__ import annotations

import io
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from cms.curriculum import CURRICULUM_DIR, Curriculum, read_curriculum, read_home
from cms.models import CoursePage, HomePage, LearningIndexPage, LessonPage
from cms.reviews import ensure_review_workflow

TIER_COLOURS = {"beginner": "#1f6f43", "developing": "#1f5f8b", "advanced": "#8a4b0f"}


class _Writer:
    def __init__(self, *, overwrite: bool) -> None:
        self.overwrite = overwrite
        self.tally: Counter = Counter()
        self.english = Locale.objects.get_or_create(language_code="en")[0]

    # ----------------------------------------------------------------------------- one page
    def create(self, parent: Page, page: Page) -> Page:
        page.draft_title = page.title
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.tally["created"] += 1
        return page

    def update(self, page: Page, fields: dict[str, Any]) -> Page:
        """Set ``fields`` and publish when something differs and no person edited the page last."""
        differs = [name for name, value in fields.items() if not _same(page, name, value)]
        if not differs:
            self.tally["unchanged"] += 1
            return page
        revision = page.latest_revision
        if revision is not None and revision.user_id is not None and not self.overwrite:
            self.tally["kept"] += 1
            return page
        for name, value in fields.items():
            setattr(page, name, value)
        page.draft_title = page.title
        page.save_revision().publish()
        self.tally["updated"] += 1
        return page

    def translation(self, page: Page, fields: dict[str, Any]) -> Page:
        """The page's English version with ``fields``: created once, then kept up to date."""
        existing = page.get_translation_or_none(self.english)
        if existing is None:
            copy = page.copy_for_translation(self.english).specific
            for name, value in fields.items():
                setattr(copy, name, value)
            copy.draft_title = copy.title
            copy.save_revision().publish()
            self.tally["created"] += 1
            return copy
        return self.update(existing.specific, fields)

    # ----------------------------------------------------------------------------- the tree
    def home(self, content: dict[str, dict[str, Any]]) -> HomePage:
        root = Page.get_first_root_node()
        locale = Locale.objects.get_or_create(language_code="id")[0]
        home = HomePage.objects.filter(locale=locale).first()
        if home is None:
            home = self.create(root, HomePage(slug="home", locale=locale, **_home_fields(content["id"])))
        else:
            home = self.update(home, _home_fields(content["id"]))
        self.translation(home, _home_fields(content["en"]))
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Tumbuh"
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        return home

    def learning(self, home: HomePage, curriculum: Curriculum) -> LearningIndexPage:
        index = LearningIndexPage.objects.child_of(home).first()
        if index is None:
            index = self.create(home, LearningIndexPage(slug="learn", **curriculum.index["id"]))
        else:
            index = self.update(index, dict(curriculum.index["id"]))
        self.translation(index, dict(curriculum.index["en"]))
        for spec in curriculum.courses:
            self.course(index, spec, curriculum.english_lessons)
        return index

    def course(self, index: LearningIndexPage, spec: dict[str, Any], english: dict[str, dict]) -> None:
        fields: dict[str, Any] = {
            "title": spec["title"],
            "tier": spec["tier"],
            "audience": spec["audience"],
            "pillar_kind": spec["pillar_kind"],
            "summary": spec["summary"],
            "estimated_minutes": spec["minutes"],
        }
        template = _milestone_template(spec["milestone_codes"])
        if template is not None:  # a step not loaded yet links on a later run
            fields["milestone_template_id"] = template.pk
        course = CoursePage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if course is None:
            fields["cover"] = _cover(spec)
            course = self.create(index, CoursePage(slug=spec["slug"], **fields))
        else:
            if course.cover_id is None:
                fields["cover_id"] = _cover(spec).pk
            course = self.update(course.specific, fields)
        shared = ("tier", "audience", "pillar_kind", "estimated_minutes", "milestone_template_id", "cover_id")
        self.translation(
            course,
            {
                "title": spec["en"]["title"],
                "summary": spec["en"]["summary"],
                **{name: getattr(course, name) for name in shared},
            },
        )
        for lesson in spec["lessons"]:
            fields = {
                "title": lesson["title"],
                "summary": lesson["summary"],
                "estimated_minutes": lesson["minutes"],
                "body": lesson["body"],
                **lesson["facts"],
            }
            page = LessonPage.objects.child_of(course).filter(slug=lesson["slug"]).first()
            if page is None:
                page = self.create(course, LessonPage(slug=lesson["slug"], **fields))
            else:
                page = self.update(page.specific, fields)
            if lesson["slug"] in english:
                self.translation(page, {**english[lesson["slug"]], "estimated_minutes": lesson["minutes"]})


def _home_fields(content: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": content["title"],
        "intro": content["intro"],
        "body": [
            ("tiers", [dict(tier) for tier in content["tiers"]]),
            ("heading", content["how"]),
            ("paragraph", content["how_text"]),
        ],
    }


def _same(page: Page, name: str, value: Any) -> bool:
    current = getattr(page, name)
    if name == "body":
        stream_block = page._meta.get_field("body").stream_block
        return _canonical(stream_block.get_prep_value(current)) == _canonical(
            stream_block.get_prep_value(stream_block.normalize(value))
        )
    return current == value


def _canonical(node: Any) -> Any:
    """A stream's stored form without the block ids Wagtail generates."""
    if isinstance(node, dict):
        return {key: _canonical(value) for key, value in node.items() if key != "id"}
    if isinstance(node, list):
        return [_canonical(item) for item in node]
    return node


def _milestone_template(codes: list[str]):
    from incubator.models import MilestoneTemplate

    found = {t.code: t for t in MilestoneTemplate.objects.filter(code__in=codes)}
    return next((found[code] for code in codes if code in found), None)


def _cover(spec: dict[str, Any]):
    """A simple drawn cover for a course (tier colour and title), made once and found by its title."""
    image_model = get_image_model()
    title = f"Sampul kursus: {spec['title']}"
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    canvas = PILImage.new("RGB", (1280, 720), TIER_COLOURS[spec["tier"]])
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((80, 80, 240, 96), fill="#ffffff")
    text = "\n".join(textwrap.wrap(spec["title"], width=22))
    draw.multiline_text((80, 200), text, fill="#ffffff", font=ImageFont.load_default(size=84), spacing=24)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    image = image_model(title=title, file=ImageFile(buffer, name=f"sampul-{spec['slug']}.png"))
    image.save()
    return image


@transaction.atomic
def load_home(directory: Path = CURRICULUM_DIR) -> HomePage:
    """Only the public home page (id, en) and the default site pointing at it."""
    return _Writer(overwrite=False).home(read_home(directory / "home.yaml"))


@transaction.atomic
def load_curriculum(
    directory: Path = CURRICULUM_DIR, *, overwrite: bool = False
) -> tuple[LearningIndexPage, str]:
    """Read and check every file, then write the pages; (the /learn/ page, a one-line summary).

    Raises ``DataFileError`` before writing anything when a file is wrong; one transaction.
    """
    curriculum = read_curriculum(directory)
    writer = _Writer(overwrite=overwrite)
    home = writer.home(curriculum.home)
    index = writer.learning(home, curriculum)
    ensure_review_workflow()  # the content reviewers' approval workflow on /learn/
    t = writer.tally
    lessons = sum(len(course["lessons"]) for course in curriculum.courses)
    summary = (
        f"pages {t['created']} created, {t['updated']} updated, {t['unchanged']} unchanged, "
        f"{t['kept']} kept as edited in the CMS; {len(curriculum.courses)} courses, {lessons} lessons, "
        f"{len(curriculum.english_lessons)} of them in English"
    )
    return index, summary
