from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from cms import services
from cms.models import LessonCompletion, QuizAttempt
from tests.factories import cms as factories

pytestmark = pytest.mark.django_db

RIGHT = {"q0": "0", "q1": "0"}


def test_quiz_with_an_unanswered_question_is_refused_and_stores_nothing(entrepreneur_user):
    lesson = factories.lesson(factories.course())
    with pytest.raises(services.LearningError):
        services.submit_quiz(lesson, user=entrepreneur_user, answers={"q0": "0"})
    with pytest.raises(services.LearningError):
        services.submit_quiz(lesson, user=entrepreneur_user, answers={"q0": "0", "q1": "7"})
    assert not QuizAttempt.objects.exists()


def test_wrong_answers_fail_and_are_kept_as_an_attempt(entrepreneur_user):
    lesson = factories.lesson(factories.course())
    result = services.submit_quiz(lesson, user=entrepreneur_user, answers={"q0": "0", "q1": "1"})
    assert (result.score, result.total, result.passed) == (1, 2, False)
    assert [item.is_correct for item in result.feedback] == [True, False]
    assert result.feedback[1].explanation == "Penjelasan 2."
    assert QuizAttempt.objects.get().answers == {"q0": 0, "q1": 1}


def test_right_answers_pass(entrepreneur_user):
    lesson = factories.lesson(factories.course())
    result = services.submit_quiz(lesson, user=entrepreneur_user, answers=RIGHT)
    assert result.passed and result.score == 2


def test_pass_mark_is_set_per_quiz(entrepreneur_user):
    lesson = factories.lesson(factories.course(), quiz=False, body=[factories.quiz_block(pass_mark=50)])
    result = services.submit_quiz(lesson, user=entrepreneur_user, answers={"q0": "0", "q1": "1"})
    assert result.passed


def test_completion_refused_until_the_quiz_is_passed(entrepreneur_user):
    lesson = factories.lesson(factories.course())
    with translation.override("en"), pytest.raises(services.LearningError, match="Pass the quiz first"):
        services.complete_lesson(lesson, user=entrepreneur_user)
    services.submit_quiz(lesson, user=entrepreneur_user, answers={"q0": "1", "q1": "1"})
    with pytest.raises(services.LearningError):
        services.complete_lesson(lesson, user=entrepreneur_user)
    assert not LessonCompletion.objects.exists()
    services.submit_quiz(lesson, user=entrepreneur_user, answers=RIGHT)
    completion = services.complete_lesson(lesson, user=entrepreneur_user)
    assert services.complete_lesson(lesson, user=entrepreneur_user) == completion
    assert LessonCompletion.objects.count() == 1


def test_lesson_without_quiz_completes_directly(entrepreneur_user):
    lesson = factories.lesson(factories.course(), quiz=False)
    services.complete_lesson(lesson, user=entrepreneur_user)
    assert LessonCompletion.objects.filter(user=entrepreneur_user, lesson=lesson).exists()


def test_families_and_companions_track_progress_managers_do_not(mentor_user, manager_user):
    lesson = factories.lesson(factories.course(), quiz=False)
    with pytest.raises(services.LearningError):
        services.complete_lesson(lesson, user=manager_user)
    assert not LessonCompletion.objects.exists()
    # companions and pillar members take their bimtek courses (issue 19)
    services.complete_lesson(lesson, user=mentor_user)
    assert LessonCompletion.objects.filter(user=mentor_user).count() == 1


def test_unpublished_lesson_cannot_be_completed(entrepreneur_user):
    lesson = factories.lesson(factories.course(), quiz=False)
    lesson.unpublish()
    lesson.refresh_from_db()
    with pytest.raises(services.LearningError):
        services.complete_lesson(lesson, user=entrepreneur_user)


def test_completion_in_english_counts_for_the_indonesian_lesson(entrepreneur_user):
    index = factories.learning_index()
    factories.english(index)
    course = factories.course(index)
    lesson = factories.lesson(course, quiz=False)
    factories.english(course)
    lesson_en = factories.english(lesson)
    services.complete_lesson(lesson_en, user=entrepreneur_user)
    assert services.complete_lesson(lesson, user=entrepreneur_user).lesson == lesson_en
    assert services.is_course_complete(course, user=entrepreneur_user)


# --- views ---------------------------------------------------------------------------------


def test_quiz_view_scores_and_the_lesson_shows_explanations(client_for, entrepreneur_user):
    lesson = factories.lesson(factories.course())
    client = client_for(entrepreneur_user)
    response = client.post(reverse("cms:submit_quiz", args=[lesson.pk]), {"q0": "0", "q1": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith(lesson.url + "#quiz")
    page = client.get(lesson.url).content.decode()
    assert "Penjelasan 2." in page
    assert reverse("cms:complete_lesson", args=[lesson.pk]) not in page  # not passed yet


def test_complete_view_refuses_before_quiz_and_completes_after(client_for, entrepreneur_user):
    lesson = factories.lesson(factories.course())
    client = client_for(entrepreneur_user)
    url = reverse("cms:complete_lesson", args=[lesson.pk])
    client.post(url)
    assert not LessonCompletion.objects.exists()
    client.post(reverse("cms:submit_quiz", args=[lesson.pk]), RIGHT)
    assert reverse("cms:complete_lesson", args=[lesson.pk]) in client.get(lesson.url).content.decode()
    client.post(url)
    assert LessonCompletion.objects.filter(user=entrepreneur_user, lesson=lesson).exists()


def test_actions_are_post_only_and_for_learners(client, client_for, manager_user):
    lesson = factories.lesson(factories.course(), quiz=False)
    url = reverse("cms:complete_lesson", args=[lesson.pk])
    assert client.post(url).status_code == 302  # visitor: to sign in
    assert client_for(manager_user).get(url).status_code == 405
    client_for(manager_user).post(url)  # a manager is not a learner: refused with a message
    assert not LessonCompletion.objects.exists()


def test_actions_on_a_missing_lesson_are_404(client_for, entrepreneur_user):
    assert (
        client_for(entrepreneur_user).post(reverse("cms:complete_lesson", args=[999999])).status_code == 404
    )


# --- course completion → milestone ---------------------------------------------------------


def test_finishing_every_lesson_verifies_the_linked_milestone(django_capture_on_commit_callbacks):
    from incubator.models import Milestone, MilestoneStatus
    from tests.incubator.factories import EntrepreneurProfileFactory, MilestoneTemplateFactory

    profile = EntrepreneurProfileFactory()
    template = MilestoneTemplateFactory(code="pembukuan-sederhana")
    course = factories.course(milestone_template=template)
    first = factories.lesson(course)
    second = factories.lesson(course, quiz=False)
    user = profile.user

    services.submit_quiz(first, user=user, answers=RIGHT)
    services.complete_lesson(first, user=user)
    assert not Milestone.objects.filter(
        profile=profile, template=template, status=MilestoneStatus.VERIFIED
    ).exists()

    services.complete_lesson(second, user=user)
    milestone = Milestone.objects.get(profile=profile, template=template)
    assert milestone.status == MilestoneStatus.VERIFIED
    assert milestone.events.exists()  # the incubator's history row, not ours


def test_a_course_without_milestone_completes_quietly(entrepreneur_user):
    from incubator.models import Milestone

    lesson = factories.lesson(factories.course(), quiz=False)
    services.complete_lesson(lesson, user=entrepreneur_user)
    assert not Milestone.objects.exists()


def test_completion_by_course_counts_starters_and_finishers(django_assert_num_queries):
    from cms.selectors import completion_by_course
    from tests.factories import EntrepreneurUserFactory

    index = factories.learning_index()
    factories.english(index)
    course = factories.course(index)
    first, second = factories.lesson(course, quiz=False), factories.lesson(course, quiz=False)
    other = factories.course(index)
    factories.lesson(other, quiz=False)
    factories.english(course)
    finisher, starter = EntrepreneurUserFactory(), EntrepreneurUserFactory()
    services.complete_lesson(factories.english(first), user=finisher)  # English counts too
    services.complete_lesson(second, user=finisher)
    services.complete_lesson(first, user=starter)
    with django_assert_num_queries(3):
        rows = {row.course.pk: row for row in completion_by_course()}
    assert (rows[course.pk].lessons, rows[course.pk].learners, rows[course.pk].finished) == (2, 2, 1)
    assert (rows[other.pk].learners, rows[other.pk].finished) == (0, 0)
