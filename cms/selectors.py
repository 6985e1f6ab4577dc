"""Reads for the learning pages: a fixed number of queries however many courses, lessons and completions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from accounts import roles
from cms.blocks import question_field
from cms.models import (
    PILLAR_KINDS,
    WORKING_TIERS,
    Audience,
    CoursePage,
    LearningIndexPage,
    LessonCompletion,
    LessonPage,
    QuizAttempt,
)
from incubator.models import CompanionKind, EntrepreneurProfile, MentorProfile, Tier

# The filter of the learning index (``?untuk=``): the families' courses, the pillars' courses, or all.
FOR_FAMILIES, FOR_PILLARS, FOR_ALL = "keluarga", "pilar", "semua"
AUDIENCE_FILTERS = (FOR_FAMILIES, FOR_PILLARS, FOR_ALL)

COVER_FILTER = "fill-640x360|format-webp"


def percent(done: int, total: int) -> int:
    return round(done * 100 / total) if total else 0


@dataclass
class CourseCard:
    course: CoursePage
    done: int
    total: int

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)


@dataclass
class TierGroup:
    tier: str
    label: str
    is_own: bool
    courses: list[CourseCard]


@dataclass
class LessonStep:
    lesson: Page  # a LessonPage on the course page, a plain page on the lesson page
    done: bool


@dataclass
class CourseProgress:
    steps: list[LessonStep]
    tracked: bool  # a family or a companion/pillar member: progress is kept

    @property
    def done(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)


def is_learner(user) -> bool:
    """Progress is kept for the families and for companions and pillar members (bimtek courses)."""
    return roles.is_entrepreneur(user) or roles.is_mentor(user)


# A pillar member of no particular type (a university or NGO partner's member): only the pillar
# courses open to every pillar type (an empty ``CoursePage.pillar_kind``).
GENERAL_PILLAR = ""

PillarKindSource = Callable[[Any], set[str]]
_pillar_kind_sources: list[PillarKindSource] = []


def register_pillar_kind_source(source: PillarKindSource) -> None:
    """Let a higher app add the pillar types a user holds through it (``pillars``: the organisations
    they are a member of); ``source(user)`` returns a set of ``PILLAR_KINDS`` values or ``GENERAL_PILLAR``."""
    if source not in _pillar_kind_sources:
        _pillar_kind_sources.append(source)


def pillar_kinds_of(user) -> set[str] | None:
    """The pillar types of a reader: their active social companion profiles and what the registered
    sources add (their pillar organisations). ``None`` when they are no pillar member at all (families,
    managers, business mentors): nothing narrows their pillar courses. The one rule behind both
    ``/learn/`` and the pillars' training page."""
    if not user.is_authenticated:
        return None
    kinds: set[str] = set()
    if roles.is_mentor(user):
        social = [kind for kind, _label in PILLAR_KINDS]
        kinds.update(
            MentorProfile.objects.filter(user=user, kind__in=social, is_active=True).values_list(
                "kind", flat=True
            )
        )
    for source in _pillar_kind_sources:
        kinds.update(source(user))
    return kinds or None


def default_filter(user, kinds: set[str] | None) -> str:
    """The families see their courses, social pillars (TKSK, PSM, Puskesos, members of a pillar
    organisation…) theirs; business mentors and managers everything (the families' courses they
    coach, and the pillars'). ``kinds``: the reader's ``pillar_kinds_of``."""
    if roles.is_entrepreneur(user):
        return FOR_FAMILIES
    if not kinds:
        return FOR_ALL
    if kinds == {GENERAL_PILLAR} and is_business_mentor(user):
        return FOR_ALL  # a partner university's mentor coaches families too
    return FOR_PILLARS


def reader_audience(user, requested: str = "") -> tuple[str, set[str] | None]:
    """The filter of ``/learn/`` to show (``requested`` when valid, else the reader's own) and the
    reader's pillar types, looked up only when the filter needs them."""
    if requested in (FOR_FAMILIES, FOR_ALL):
        return requested, None
    if requested != FOR_PILLARS and roles.is_entrepreneur(user):
        return FOR_FAMILIES, None
    kinds = pillar_kinds_of(user)
    return (FOR_PILLARS if requested == FOR_PILLARS else default_filter(user, kinds)), kinds


def is_business_mentor(user) -> bool:
    return MentorProfile.objects.filter(
        user=user, kind=CompanionKind.BUSINESS_MENTOR, is_active=True
    ).exists()


def for_pillars(kinds: set[str] | None = None) -> Q:
    """Courses for pillars (``kinds``: only those open to these pillar types; None: every one)."""
    q = Q(audience__in=[Audience.PILLARS, Audience.BOTH])
    if kinds is not None:
        q &= Q(pillar_kind=GENERAL_PILLAR) | Q(pillar_kind__in=sorted(kinds))
    return q


FOR_FAMILIES_Q = Q(audience__in=[Audience.ENTREPRENEURS, Audience.BOTH])


def completed_keys(*, user, keys) -> set:
    """Translation keys of the given lessons this user has completed (in any language)."""
    if not is_learner(user):
        return set()
    return set(
        LessonCompletion.objects.filter(user=user, lesson__translation_key__in=list(keys)).values_list(
            "lesson__translation_key", flat=True
        )
    )


def own_tier(user) -> str | None:
    if not roles.is_entrepreneur(user):
        return None
    profile = EntrepreneurProfile.objects.filter(user=user).only("tier").first()
    return profile.tier if profile else None


def courses_by_tier(
    *, index: LearningIndexPage, user, audience: str, kinds: set[str] | None
) -> list[TierGroup]:
    """The live courses under the index for ``audience`` (``keluarga``, ``pilar``, ``semua``) and the
    reader's pillar ``kinds``, both from ``reader_audience``: the families' courses grouped by tier, the reader's own tier first,
    and the courses only for pillars in one group (for a pillar member, those open to their type)."""
    covers = get_image_model().objects.prefetch_renditions(COVER_FILTER)
    courses = CoursePage.objects.live().child_of(index)
    if audience == FOR_FAMILIES:
        courses = courses.filter(FOR_FAMILIES_Q)
    elif audience == FOR_PILLARS:
        courses = courses.filter(for_pillars(kinds))
    courses = list(courses.order_by("path").prefetch_related(Prefetch("cover", queryset=covers)))
    lessons = list(LessonPage.objects.live().descendant_of(index).values_list("path", "translation_key"))
    done = completed_keys(user=user, keys=[key for _path, key in lessons])
    mine = own_tier(user)

    def card(course: CoursePage) -> CourseCard:
        keys = [key for path, key in lessons if path.startswith(course.path)]
        return CourseCard(course=course, done=len(done.intersection(keys)), total=len(keys))

    groups = []
    if audience == FOR_PILLARS:
        if courses:
            groups.append(
                TierGroup(
                    tier="pillars",
                    label=str(_("Courses for social pillars")),
                    is_own=False,
                    courses=[card(course) for course in courses],
                )
            )
        return groups
    for tier, label in WORKING_TIERS:
        cards = [card(c) for c in courses if c.tier == tier and c.audience != Audience.PILLARS]
        if cards:
            groups.append(TierGroup(tier=tier, label=label, is_own=tier == mine, courses=cards))
    groups.sort(key=lambda group: not group.is_own)  # stable: the others keep the tier order
    pillar_only = [card(c) for c in courses if c.audience == Audience.PILLARS]
    if pillar_only:
        groups.append(
            TierGroup(
                tier="pillars", label=str(_("Courses for social pillars")), is_own=False, courses=pillar_only
            )
        )
    return groups


def course_lessons(course: CoursePage) -> list[LessonPage]:
    """The course's live lessons; for a translated course without its own lessons yet, the lessons of
    the course in the default language, so readers of English pages can still learn."""
    lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
    if lessons or course.locale.language_code == Locale.get_default().language_code:
        return lessons
    source = CoursePage.objects.filter(
        translation_key=course.translation_key, locale=Locale.get_default()
    ).first()
    return list(LessonPage.objects.live().child_of(source).order_by("path")) if source else []


def course_progress(*, course: CoursePage, user) -> CourseProgress:
    return _progress(course_lessons(course), user=user)


def _progress(lessons: list[Page], *, user) -> CourseProgress:
    done = completed_keys(user=user, keys=[lesson.translation_key for lesson in lessons])
    return CourseProgress(
        steps=[LessonStep(lesson=lesson, done=lesson.translation_key in done) for lesson in lessons],
        tracked=is_learner(user),
    )


@dataclass
class AnswerFeedback:
    question: str
    chosen: str
    correct: str
    is_correct: bool
    explanation: str


@dataclass
class LessonProgress:
    course: Page  # the lesson page shows its title and link only
    learning_index: Page
    course_progress: CourseProgress
    done: bool
    last_attempt: QuizAttempt | None
    quiz_passed: bool
    previous: Page | None
    next: Page | None

    @property
    def tracked(self) -> bool:
        return self.course_progress.tracked


def quiz_feedback(quiz, attempt: QuizAttempt | None) -> list[AnswerFeedback]:
    """What the reader chose in their latest attempt, against the right answer and its explanation."""
    if quiz is None or attempt is None:
        return []
    feedback = []
    for i, question in enumerate(quiz["questions"]):
        answers = [answer["text"] for answer in question["answers"]]
        correct = next((n for n, answer in enumerate(question["answers"]) if answer["correct"]), 0)
        chosen = attempt.answers.get(question_field(i))
        if not isinstance(chosen, int) or chosen >= len(answers):
            continue  # the quiz was edited since this attempt
        feedback.append(
            AnswerFeedback(
                question=question["question"],
                chosen=answers[chosen],
                correct=answers[correct],
                is_correct=chosen == correct,
                explanation=question["explanation"],
            )
        )
    return feedback


def lesson_outline(lesson: LessonPage, *, done_by=None) -> tuple[Page, Page, list[Page]]:
    """The lesson's learning index and course, and the course's live lessons in order, as plain pages
    (titles and links), in one query: their paths follow from the lesson's. With ``done_by`` (a
    learner), each lesson carries ``done``: completed by them in any language, read in the same query.
    A course without live lessons of its own (a preview of its first draft lesson, a translation not
    written yet) gets ``course_lessons``' answer, without ``done``."""
    course_path = lesson.path[: -Page.steplen]
    index_path = course_path[: -Page.steplen]
    lesson_type = ContentType.objects.get_for_model(LessonPage)
    pages = Page.objects.filter(
        Q(path__in=[index_path, course_path])
        | Q(path__startswith=course_path, depth=lesson.depth, live=True, content_type=lesson_type)
    ).order_by("path")
    if done_by is not None:
        completed = LessonCompletion.objects.filter(
            user=done_by, lesson__translation_key=OuterRef("translation_key")
        )
        pages = pages.annotate(done=Exists(completed))
    pages = list(pages)
    if len(pages) < 2 or pages[0].path != index_path or pages[1].path != course_path:
        raise Page.DoesNotExist(f"the course or the learning index of {lesson.path}")
    index, course, lessons = pages[0], pages[1], pages[2:]
    return index, course, lessons or course_lessons(course)


def lesson_progress(*, lesson: LessonPage, user) -> LessonProgress:
    tracked = is_learner(user)
    index, course, lessons = lesson_outline(lesson, done_by=user if tracked else None)
    if all(hasattr(page, "done") for page in lessons):
        progress = CourseProgress(
            steps=[LessonStep(lesson=page, done=page.done) for page in lessons], tracked=tracked
        )
    else:
        progress = _progress(lessons, user=user)
    steps = progress.steps
    ids = [step.lesson.pk for step in steps]
    position = ids.index(lesson.pk) if lesson.pk in ids else -1
    last_attempt, passed = None, False
    if progress.tracked and lesson.quiz is not None:
        attempts = QuizAttempt.objects.filter(user=user, lesson__translation_key=lesson.translation_key)
        last_attempt = attempts.order_by("-created_at", "-pk").first()
        passed = last_attempt is not None and (last_attempt.passed or attempts.filter(passed=True).exists())
    return LessonProgress(
        course=course,
        learning_index=index,
        course_progress=progress,
        done=any(step.done for step in steps if step.lesson.pk == lesson.pk),
        last_attempt=last_attempt,
        quiz_passed=passed,
        previous=steps[position - 1].lesson if position > 0 else None,
        next=steps[position + 1].lesson if 0 <= position < len(steps) - 1 else None,
    )


def search_learning(*, index: LearningIndexPage, query: str, limit: int = 30) -> list[Page]:
    """Live courses and lessons under this index (so in its language) matching the words."""
    results = (
        Page.objects.live().descendant_of(index).type(CoursePage, LessonPage).specific().search(query)[:limit]
    )
    return list(results)


def get_live_lesson(*, page_id: int) -> LessonPage:
    """A published lesson, or Http404."""
    return get_object_or_404(LessonPage.objects.live(), pk=page_id)


@dataclass
class CourseCompletion:
    course: CoursePage
    lessons: int
    learners: int  # entrepreneurs who completed at least one lesson
    finished: int  # entrepreneurs who completed every lesson

    @property
    def tier_label(self) -> str:
        return str(Tier(self.course.tier).label)

    @property
    def finished_share(self) -> int | None:
        return round(100 * self.finished / self.learners) if self.learners else None


def completion_by_course(learners: Q | None = None, *, courses: Q | None = None) -> list[CourseCompletion]:
    """For managers' reports: per live course (default language), how many started and finished it.

    A completion in any language counts (lessons are matched by translation key). ``learners``
    narrows the completions counted (a manager's area, the families or the pillars), ``courses`` the
    courses (by default the families' courses). Three queries, however many courses, lessons and
    completions.
    """
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    courses = list(
        CoursePage.objects.live()
        .filter(courses if courses is not None else FOR_FAMILIES_Q, locale__language_code=default)
        .order_by("path")
    )
    lessons = list(
        LessonPage.objects.live().filter(locale__language_code=default).values_list("path", "translation_key")
    )
    done_by_user: dict[int, set] = {}
    completions = LessonCompletion.objects.filter(learners or Q())
    for user_id, key in completions.values_list("user_id", "lesson__translation_key"):
        done_by_user.setdefault(user_id, set()).add(key)
    rows = []
    for course in courses:
        keys = {key for path, key in lessons if path.startswith(course.path)}
        counts = [len(keys & done) for done in done_by_user.values()]
        rows.append(
            CourseCompletion(
                course=course,
                lessons=len(keys),
                learners=sum(1 for n in counts if n),
                finished=sum(1 for n in counts if keys and n == len(keys)),
            )
        )
    return rows
