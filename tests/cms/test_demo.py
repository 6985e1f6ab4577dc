from __future__ import annotations

import io
import re

import pytest
from wagtail.images.models import Image
from wagtail.models import Locale, Page, PageLogEntry

from cms import curriculum, demo
from cms.models import CoursePage, LearningIndexPage, LessonPage
from incubator.models import Tier
from tests.shared_data import build_once

pytestmark = pytest.mark.django_db


def _seed():
    demo.seed(people={}, stdout=io.StringIO())


# One curriculum for the tests that only read it (tests/shared_data.py); the first test seeds its own.
_seeded_once, seeded = build_once(_seed, name="seeded")


def test_seed_publishes_the_curriculum_once():
    from tests.incubator.factories import MilestoneTemplateFactory

    learning = MilestoneTemplateFactory(code="belajar-maju", tier=Tier.ADVANCED)
    _seed()
    counts = (Page.objects.count(), PageLogEntry.objects.count(), Image.objects.count())
    _seed()
    assert (Page.objects.count(), PageLogEntry.objects.count(), Image.objects.count()) == counts

    index = LearningIndexPage.objects.get(locale__language_code="id")
    assert index.url == "/learn/"
    courses = CoursePage.objects.live().child_of(index)
    assert (
        courses.count() == 13
    )  # 9 starter + 3 on safe money, selling and tax (issue 21) + 1 for pillars (19)
    assert {c.tier for c in courses} == {Tier.BEGINNER, Tier.DEVELOPING, Tier.ADVANCED}
    # Every Advanced course completes the tier's learning step; the other tiers' steps are absent here.
    assert {c.milestone_template for c in courses.filter(tier=Tier.ADVANCED)} == {learning}
    assert courses.filter(milestone_template__isnull=True).count() == 10
    for course in courses:
        english = course.get_translation(Locale.objects.get(language_code="en"))
        assert course.cover is not None and english.specific.cover_id == course.cover_id
        assert english.live and english.title != course.title
        assert english.specific.summary != course.summary
        assert 2 <= LessonPage.objects.live().child_of(course).count() <= 3


def test_every_lesson_is_substantive_with_checklist_and_a_valid_quiz(seeded):
    for lesson in LessonPage.objects.live():
        kinds = [block.block_type for block in lesson.body]
        assert "checklist" in kinds and "quiz" in kinds, lesson.title
        html = " ".join(str(block.value) for block in lesson.body if block.block_type == "text")
        words = len(re.sub(r"<[^>]+>", " ", html).split())
        assert words >= 150 and html.count("<p>") >= 3, (lesson.title, words)
        lesson.body.stream_block.clean(lesson.body)  # e.g. exactly one right answer per question


def test_every_demo_lesson_renders(seeded, client_for, entrepreneur_user):
    client = client_for(entrepreneur_user)
    for page in LessonPage.objects.live():
        assert client.get(page.url).status_code == 200, page.url
    assert LessonPage.objects.live().filter(locale__language_code="en").count() == 27
    english = client.get("/en/learn/mengajukan-kur/").content.decode()
    assert "Applying for a KUR loan" in english
    assert "Understanding KUR and what you can repay" in english
    assert "Mengenal KUR" not in english


def test_curriculum_has_no_placeholder_text():
    text = repr(curriculum.COURSES).lower()
    for word in ("lorem", "todo", "placeholder", "xxx"):
        assert word not in text


def test_english_lessons_keep_the_quiz_shape_of_the_indonesian_ones(seeded):
    """One attempt counts in both languages, so question and answer order must match."""
    english = Locale.objects.get(language_code="en")
    translated = LessonPage.objects.live().filter(locale=english)
    assert translated.count() == len(curriculum.ENGLISH_LESSONS) >= 6
    for lesson_en in translated:
        lesson_id = lesson_en.get_translation(Locale.objects.get(language_code="id")).specific
        assert lesson_en.title != lesson_id.title
        shape = [[a["correct"] for a in q["answers"]] for q in lesson_en.quiz["questions"]]
        assert shape == [[a["correct"] for a in q["answers"]] for q in lesson_id.quiz["questions"]]
