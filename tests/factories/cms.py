"""Learning pages built the way editors build them: published revisions under the home page."""

from __future__ import annotations

import itertools

from wagtail.models import Locale

from cms.demo import seed_home
from cms.models import CoursePage, LearningIndexPage, LessonPage
from incubator.models import Tier

_numbers = itertools.count(1)


def quiz_block(*, pass_mark: int = 100, questions: int = 2) -> tuple:
    return (
        "quiz",
        {
            "title": "Kuis singkat",
            "pass_mark": pass_mark,
            "questions": [
                {
                    "question": f"Pertanyaan {n + 1}?",
                    "answers": [
                        {"text": "Jawaban benar", "correct": True},
                        {"text": "Jawaban salah", "correct": False},
                    ],
                    "explanation": f"Penjelasan {n + 1}.",
                }
                for n in range(questions)
            ],
        },
    )


def learning_index() -> LearningIndexPage:
    """The Indonesian learning index at /learn/ (created once)."""
    home = seed_home()
    index = LearningIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = LearningIndexPage(title="Belajar", slug="learn", intro="<p>Kursus singkat.</p>")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def course(index: LearningIndexPage | None = None, *, tier: str = Tier.BEGINNER, **fields) -> CoursePage:
    index = index or learning_index()
    n = next(_numbers)
    page = CoursePage(
        title=fields.pop("title", f"Kursus {n}"),
        slug=fields.pop("slug", f"kursus-{n}"),
        tier=tier,
        summary=fields.pop("summary", "Ringkasan kursus."),
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def lesson(parent: CoursePage, *, body=None, quiz: bool = True, **fields) -> LessonPage:
    n = next(_numbers)
    blocks = list(body) if body is not None else [("text", f"<p>Isi pelajaran nomor {n}.</p>")]
    if quiz:
        blocks.append(quiz_block())
    page = LessonPage(
        title=fields.pop("title", f"Pelajaran {n}"),
        slug=fields.pop("slug", f"pelajaran-{n}"),
        body=blocks,
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return LessonPage.objects.get(pk=page.pk)


def english(page):
    """The English translation of ``page`` (its parents must already be translated), published."""
    en = Locale.objects.get(language_code="en")
    copy = page.copy_for_translation(en)
    copy.save_revision().publish()
    return copy.specific_class.objects.get(pk=copy.pk)
