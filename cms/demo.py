"""The CMS part of ``manage.py seed_demo``: the curriculum from its files (``manage.py load_curriculum``).

The content itself (home page, /learn/, courses and lessons in both languages) lives in
``cms/curriculum/``; the demo adds no pages of its own.
"""

from __future__ import annotations

from cms import curriculum
from cms.curriculum_loader import load_curriculum, load_home
from cms.models import CoursePage, HomePage, LearningIndexPage, LessonPage


def seed_home() -> HomePage:
    """The public home page (id, en) from ``cms/curriculum/home.yaml``; kept for tests and callers."""
    return load_home()


def seed_learning() -> LearningIndexPage:
    """/learn/ and the starter curriculum, published; a re-run changes nothing."""
    index, _summary = load_curriculum()
    return index


def seed(*, people: dict, stdout) -> None:
    index = seed_learning()
    stdout.write("  public home page (id, en)")
    courses = CoursePage.objects.child_of(index)
    linked = courses.filter(milestone_template__isnull=False).count()
    lessons = LessonPage.objects.descendant_of(index).count()
    stdout.write(
        f"  learning: {courses.count()} courses, {lessons} lessons (id), English course pages and "
        f"{len(curriculum.ENGLISH_LESSONS)} English lessons; "
        f"{linked} courses linked to milestones"
    )
