"""Pages for pillar members: the sessions they ran in their community, and their own training."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts.decorators import mentor_required
from core.outbox import outbox_answers
from pillars import selectors, services
from pillars.errors import PillarError
from pillars.forms import SessionForm
from pillars.models import PillarOrganisation


@mentor_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pillars/sessions.html",
        {
            "sessions": selectors.sessions_by(request.user)[:100],
            "trained": selectors.is_trained(request.user),
        },
    )


def _session_form(request: HttpRequest, data=None, files=None) -> SessionForm:
    return SessionForm(
        data,
        files,
        regions=selectors.facilitator_regencies(request.user),
        families=selectors.families_for_facilitator(request.user),
        organisations=PillarOrganisation.objects.filter(members=request.user, is_active=True),
        lessons=selectors.lessons_for_pillar(request.user),
    )


@mentor_required
@outbox_answers
def log_session(request: HttpRequest) -> HttpResponse:
    if not selectors.is_trained(request.user):
        messages.error(request, _("Only a pillar member who completed a bimtek can log community sessions."))
        return redirect("pillars:sessions")
    form = _session_form(request)
    status = 200
    if request.method == "POST":
        form = _session_form(request, request.POST, request.FILES)
        photos = request.FILES.getlist("photos")
        if form.is_valid():
            data = dict(form.cleaned_data)
            key = data.pop("form_key", None)
            try:
                services.log_community_session(
                    by=request.user, data=services.SessionInput(**data), photos=photos, client_key=key
                )
            except PillarError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Community session recorded."))
                return redirect("pillars:sessions")
        status = 400
    # A TemplateResponse, so that ``outbox_answers`` can read the form's errors for a replay.
    return TemplateResponse(request, "pillars/session_form.html", {"form": form}, status=status)


@mentor_required
def my_training(request: HttpRequest) -> HttpResponse:
    """ "Pelatihan saya": the bimtek a pillar member was invited to, attended and completed, and the
    pillar courses open to them with their progress."""
    return render(
        request,
        "pillars/training.html",
        {"rows": selectors.training_of(request.user), "courses": selectors.courses_for_pillar(request.user)},
    )
