"""The learning actions: POST only, each one service call; the pages themselves are Wagtail's."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms import selectors, services
from core.outbox import outbox_answers


@login_required  # families, companions and pillar members: the service checks the role
@require_POST
@outbox_answers
def submit_quiz(request, page_id: int):
    lesson = selectors.get_live_lesson(page_id=page_id)
    try:
        key = uuid.UUID(request.POST.get("form_key", ""))
    except ValueError:
        key = None  # an old page without a key, or a mangled one: an ordinary, unkeyed attempt
    try:
        result = services.submit_quiz(lesson, user=request.user, answers=request.POST, client_key=key)
    except services.LearningError as exc:
        messages.error(request, str(exc))
    else:
        if result.passed:
            messages.success(request, _("Well done: %(score)s of %(total)s correct.") % vars(result))
        else:
            messages.warning(
                request,
                _("%(score)s of %(total)s correct. Read the explanations and try again.") % vars(result),
            )
    return redirect(lesson.url + "#quiz")


@login_required  # families, companions and pillar members: the service checks the role
@require_POST
def complete_lesson(request, page_id: int):
    lesson = selectors.get_live_lesson(page_id=page_id)
    try:
        services.complete_lesson(lesson, user=request.user)
    except services.LearningError as exc:
        messages.error(request, str(exc))
        return redirect(lesson.url + "#quiz")
    messages.success(request, _("Lesson complete."))
    following = lesson.get_next_siblings().live().first()
    return redirect((following or lesson.get_parent()).url)
