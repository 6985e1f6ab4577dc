"""Demo content: the public home page and the learning curriculum in Bahasa Indonesia, with English."""

from __future__ import annotations

import io
import textwrap
from typing import Any

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from cms import curriculum
from cms.models import CoursePage, HomePage, LearningIndexPage, LessonPage

HOME = {
    "id": {
        "title": "Tumbuh — Program Kewirausahaan Sosial",
        "intro": (
            "Tumbuh mendampingi keluarga graduasi PKH membangun usaha yang mandiri: bantuan modal usaha "
            "(BSiMU), pendampingan usaha, dan pendampingan sosial, sederhana, terarah dan terukur."
        ),
        "tiers": [
            (
                "Pemula",
                "Nursing Capital",
                "Bantuan modal usaha dan bimbingan usaha untuk memulai dengan rapi.",
            ),
            (
                "Berkembang",
                "Mentoring Model",
                "Bantuan modal usaha dan mentoring usaha untuk tumbuh lebih jauh.",
            ),
            (
                "Maju",
                "Capital Incubation",
                "Bantuan modal usaha dan inkubasi bisnis menuju usaha yang mandiri.",
            ),
        ],
        "how": "Cara kerjanya",
        "how_text": (
            "<p>Setiap tingkat punya beberapa capaian usaha yang jelas, seperti pembukuan sederhana, NIB, "
            "dan harga jual dengan HPP. Pendamping usaha memeriksa bukti Anda, lalu pengelola program "
            "menyetujui kenaikan tingkat. Anda lulus (mandiri) ketika penghasilan usaha mencapai UMK daerah.</p>"
        ),
    },
    "en": {
        "title": "Tumbuh — Social Entrepreneurship Program",
        "intro": (
            "Tumbuh accompanies families graduating from PKH as they build independent businesses: "
            "business-capital assistance (BSiMU), business mentoring and social accompaniment — simple, "
            "directed and measurable."
        ),
        "tiers": [
            (
                "Beginner",
                "Nursing Capital",
                "Business-capital assistance and business guidance to start well.",
            ),
            ("Developing", "Mentoring Model", "Business-capital assistance and business mentoring to grow."),
            (
                "Advanced",
                "Capital Incubation",
                "Business-capital assistance and incubation toward independence.",
            ),
        ],
        "how": "How it works",
        "how_text": (
            "<p>Each tier has a few clear business milestones, such as simple bookkeeping, an NIB and prices "
            "based on cost of goods. Your mentor checks your evidence, then a program manager approves your "
            "promotion. You graduate when your business income reaches the local minimum wage (UMK).</p>"
        ),
    },
}


def _fill(page: HomePage, content: dict[str, Any]) -> None:
    page.title = content["title"]
    page.draft_title = content["title"]
    page.intro = content["intro"]
    page.body = [
        ("tiers", [{"title": t, "subtitle": s, "text": x} for t, s, x in content["tiers"]]),
        ("heading", content["how"]),
        ("paragraph", content["how_text"]),
    ]
    page.save_revision().publish()


@transaction.atomic
def seed_home() -> HomePage:
    root = Page.get_first_root_node()
    id_locale, _ = Locale.objects.get_or_create(language_code="id")
    Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.filter(locale=id_locale).first()
    if home is None:
        home = HomePage(slug="home", locale=id_locale, title="Tumbuh")
        root.add_child(instance=home)
    if home.title != HOME["id"]["title"]:  # fill once; later edits in the CMS are kept
        _fill(home, HOME["id"])
    en_locale = Locale.objects.get(language_code="en")
    english = home.get_translation_or_none(en_locale)
    if english is None:
        english = home.copy_for_translation(en_locale)
        _fill(english.specific, HOME["en"])
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Tumbuh"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _milestone_template(codes: list[str]):
    from incubator.models import MilestoneTemplate

    found = {t.code: t for t in MilestoneTemplate.objects.filter(code__in=codes)}
    return next((found[code] for code in codes if code in found), None)


TIER_COLOURS = {"beginner": "#1f6f43", "developing": "#1f5f8b", "advanced": "#8a4b0f"}


def _cover(spec: dict[str, Any]) -> tuple[Any, bool]:
    """A simple drawn cover for a course (tier colour and title), created once; (image, created)."""
    image_model = get_image_model()
    title = f"Sampul kursus: {spec['title']}"
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    canvas = PILImage.new("RGB", (1280, 720), TIER_COLOURS[spec["tier"]])
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((80, 80, 240, 96), fill="#ffffff")
    text = "\n".join(textwrap.wrap(spec["title"], width=22))
    draw.multiline_text((80, 200), text, fill="#ffffff", font=ImageFont.load_default(size=84), spacing=24)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    image = image_model(title=title, file=ImageFile(buffer, name=f"sampul-{spec['slug']}.png"))
    image.save()
    return image, True


def _lesson_page(spec: dict[str, Any]) -> LessonPage:
    return LessonPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        estimated_minutes=spec["minutes"],
        body=spec["body"],
    )


def _translate(page: Page, locale: Locale, **fields: Any) -> Page:
    """The page's translation in ``locale``, created and published once from ``fields``."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    copy = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.draft_title = copy.title
    _publish(copy)
    return copy


@transaction.atomic
def seed_learning() -> LearningIndexPage:
    """Publish /learn/ and the starter curriculum (Indonesian), with English index and course pages
    and the English lessons written so far.

    Creates only what is missing, so a second run changes nothing and editors' later changes stay.
    A course is linked to its milestone template (looked up by code) when the template exists.
    """
    home = seed_home()
    index = LearningIndexPage.objects.child_of(home).first()
    if index is None:
        index = LearningIndexPage(slug="learn", **curriculum.INDEX["id"])
        home.add_child(instance=index)
        _publish(index)
    for spec in curriculum.COURSES:
        course = CoursePage.objects.child_of(index).filter(slug=spec["slug"]).first()
        template = _milestone_template(spec["milestone_codes"])
        cover, new_cover = _cover(spec)
        if course is None:
            course = CoursePage(
                title=spec["title"],
                slug=spec["slug"],
                tier=spec["tier"],
                summary=spec["summary"],
                estimated_minutes=spec["minutes"],
                milestone_template=template,
                cover=cover,
            )
            index.add_child(instance=course)
            _publish(course)
        else:
            changed = False
            if course.milestone_template_id is None and template is not None:
                course.milestone_template, changed = template, True
            if course.cover_id is None and new_cover:  # courses seeded before covers existed
                course.cover, changed = cover, True
            if changed:
                _publish(course)
        existing = set(LessonPage.objects.child_of(course).values_list("slug", flat=True))
        for lesson in spec["lessons"]:
            if lesson["slug"] not in existing:
                page = _lesson_page(lesson)
                course.add_child(instance=page)
                _publish(page)

    english = Locale.objects.get(language_code="en")
    _translate(index, english, **curriculum.INDEX["en"])
    for spec in curriculum.COURSES:
        course = CoursePage.objects.child_of(index).get(slug=spec["slug"])
        course_en = _translate(course, english, title=spec["en"]["title"], summary=spec["en"]["summary"])
        shared = ("milestone_template_id", "cover_id")
        if any(getattr(course_en, name) != getattr(course, name) for name in shared):
            for name in shared:
                setattr(course_en, name, getattr(course, name))
            _publish(course_en)
        for lesson in LessonPage.objects.child_of(course).filter(slug__in=curriculum.ENGLISH_LESSONS):
            _translate(lesson, english, **curriculum.ENGLISH_LESSONS[lesson.slug])
    return index


def seed(*, people: dict, stdout) -> None:
    seed_home()
    stdout.write("  public home page (id, en)")
    index = seed_learning()
    courses = CoursePage.objects.child_of(index)
    linked = courses.filter(milestone_template__isnull=False).count()
    lessons = LessonPage.objects.descendant_of(index).count()
    stdout.write(
        f"  learning: {courses.count()} courses, {lessons} lessons (id), English course pages and "
        f"{len(curriculum.ENGLISH_LESSONS)} English lessons; "
        f"{linked} courses linked to milestones"
    )
