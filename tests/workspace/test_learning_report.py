"""The managers' learning-completion report: figures, exports and who may open it."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from cms import services
from tests.factories import EntrepreneurUserFactory
from tests.factories import cms as factories
from workspace.learning_admin import LearningCompletionView

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_with_learners():
    course = factories.course(factories.learning_index(), title="Pembukuan Sederhana")
    first, second = factories.lesson(course, quiz=False), factories.lesson(course, quiz=False)
    finisher, starter = EntrepreneurUserFactory(), EntrepreneurUserFactory()
    services.complete_lesson(first, user=finisher)
    services.complete_lesson(second, user=finisher)
    services.complete_lesson(first, user=starter)
    return course


def test_report_exports_started_and_finished_per_course(client_for, manager_user, course_with_learners):
    client = client_for(manager_user)
    assert client.get(reverse("learning_admin:completion")).status_code == 200
    response = client.get(reverse("learning_admin:completion"), {"export": "csv"})
    assert response.status_code == 200
    with translation.override("id"):
        heading = {field: str(label) for field, label in LearningCompletionView.export_headings.items()}
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    row = next(r for r in rows if r[heading["course.title"]] == "Pembukuan Sederhana")
    assert (row[heading["lessons"]], row[heading["learners"]], row[heading["finished"]]) == ("2", "2", "1")
    assert row[heading["finished_share"]] == "50"

    xlsx = client.get(reverse("learning_admin:completion"), {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("who", ["entrepreneur_user", "mentor_user"])
def test_report_is_refused_to_people_without_the_permission(client_for, request, who):
    response = client_for(request.getfixturevalue(who)).get(reverse("learning_admin:completion"))
    assert response.status_code in (302, 403)
    assert b"Pembukuan" not in response.content


def test_report_checks_its_permission_itself_not_only_the_menu(client_for, manager_user):
    from django.contrib.auth.models import Group

    from workspace.permissions import CONTENT_EDITOR

    editor = EntrepreneurUserFactory()
    editor.groups.set([Group.objects.get(name=CONTENT_EDITOR)])
    response = client_for(editor).get(reverse("learning_admin:completion"))
    assert response.status_code in (302, 403)
