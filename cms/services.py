"""Learning progress: quizzes, lesson completion and the milestone a finished course completes."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import roles
from cms.blocks import question_field
from cms.models import CoursePage, LessonCompletion, LessonPage, QuizAttempt
from core.errors import DomainError


class LearningError(DomainError):
    """A learning action refused, with a message fit to show the reader."""


@dataclass(frozen=True)
class QuestionFeedback:
    question: str
    chosen: int
    correct: int
    explanation: str

    @property
    def is_correct(self) -> bool:
        return self.chosen == self.correct


@dataclass(frozen=True)
class QuizResult:
    attempt: QuizAttempt
    score: int
    total: int
    passed: bool
    feedback: list[QuestionFeedback] = field(default_factory=list)


def _require_learner(user) -> None:
    """The families, and companions and pillar members (their bimtek courses), keep progress."""
    if not (roles.is_entrepreneur(user) or roles.is_mentor(user)):
        raise LearningError(
            _("Only families and companions in the program can take quizzes and track progress.")
        )


def _lock_learner(user) -> None:
    # One learner's actions run one at a time, so two last lessons finished together still
    # see each other and complete the course exactly once.
    get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)


def _same_lesson(lesson: LessonPage):
    """Lessons in every language that are this lesson (its translations)."""
    return {"lesson__translation_key": lesson.translation_key}


@transaction.atomic
def submit_quiz(
    lesson: LessonPage, *, user, answers: Mapping[str, str], client_key: uuid.UUID | None = None
) -> QuizResult:
    """Score the lesson's quiz and keep the attempt.

    Every question must be answered with one of its answers, or ``LearningError`` is raised and
    nothing is stored. Passed when the share of correct answers reaches the quiz's pass mark.

    Idempotent on ``client_key`` (the quiz form's hidden key, replayed by the offline outbox): the
    same key again from the same learner returns the attempt already kept (its score, without the
    per-question feedback) and stores nothing. The learner is locked meanwhile (``_lock_learner``).
    """
    _require_learner(user)
    if client_key is not None:
        _lock_learner(user)
        earlier = QuizAttempt.objects.filter(user=user, client_key=client_key).first()
        if earlier is not None:
            if earlier.lesson.translation_key != lesson.translation_key:
                raise LearningError(_("This quiz form was already used. Open the lesson again."))
            return QuizResult(
                attempt=earlier, score=earlier.score, total=earlier.total, passed=earlier.passed
            )
    quiz = lesson.quiz
    if quiz is None or not lesson.live:
        raise LearningError(_("This lesson has no quiz."))
    questions = list(quiz["questions"])
    chosen: dict[str, int] = {}
    for i, question in enumerate(questions):
        raw = str(answers.get(question_field(i), "")).strip()
        if not raw.isdigit() or int(raw) >= len(question["answers"]):
            raise LearningError(_("Answer every question before checking."))
        chosen[question_field(i)] = int(raw)
    feedback = []
    for i, question in enumerate(questions):
        correct = next(n for n, answer in enumerate(question["answers"]) if answer["correct"])
        feedback.append(
            QuestionFeedback(
                question=question["question"],
                chosen=chosen[question_field(i)],
                correct=correct,
                explanation=question["explanation"],
            )
        )
    score = sum(1 for item in feedback if item.is_correct)
    total = len(questions)
    passed = score * 100 >= int(quiz["pass_mark"]) * total
    attempt = QuizAttempt.objects.create(
        user=user,
        lesson=lesson,
        score=score,
        total=total,
        passed=passed,
        answers=chosen,
        client_key=client_key,
    )
    return QuizResult(attempt=attempt, score=score, total=total, passed=passed, feedback=feedback)


def has_passed_quiz(lesson: LessonPage, *, user) -> bool:
    return QuizAttempt.objects.filter(user=user, passed=True, **_same_lesson(lesson)).exists()


@transaction.atomic
def complete_lesson(lesson: LessonPage, *, user) -> LessonCompletion:
    """Mark a live lesson complete for a family, a companion or a pillar member.

    Refused (``LearningError``) while the lesson's quiz, where there is one, is not passed.
    Idempotent: completing it again, in any language, returns the first completion. When this
    completes every lesson of the course, the course's milestone template (if any) is completed
    through the incubator's service.
    """
    _require_learner(user)
    if not lesson.live:
        raise LearningError(_("This lesson is not published."))
    _lock_learner(user)
    existing = LessonCompletion.objects.filter(user=user, **_same_lesson(lesson)).first()
    if existing is not None:
        return existing
    if lesson.quiz is not None and not has_passed_quiz(lesson, user=user):
        raise LearningError(_("Pass the quiz first, then mark the lesson complete."))
    completion = LessonCompletion.objects.create(user=user, lesson=lesson)
    course = lesson.get_parent().specific
    if isinstance(course, CoursePage) and is_course_complete(course, user=user):
        from incubator import services as incubator_services

        if course.milestone_template_id:
            incubator_services.complete_milestone_by_course(
                user=user, template=course.milestone_template, course_title=course.title
            )
        # milestones whose rule is "a course finished" (MilestoneTemplate.auto_rule)
        incubator_services.course_finished(user=user)
    return completion


def is_course_complete(course: CoursePage, *, user) -> bool:
    keys = set(LessonPage.objects.live().child_of(course).values_list("translation_key", flat=True))
    done = set(
        LessonCompletion.objects.filter(user=user, lesson__translation_key__in=keys).values_list(
            "lesson__translation_key", flat=True
        )
    )
    return bool(keys) and keys <= done
