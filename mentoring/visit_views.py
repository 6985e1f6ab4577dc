"""Field visit and timeline pages. Thin: selectors read and check access, services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import entrepreneur_required, mentor_required
from core.files import serve_private_file
from core.outbox import outbox_answers
from incubator.models import EntrepreneurProfile
from incubator.selectors import get_mentee_for, profile_for
from mentoring import selectors, services, visits
from mentoring.forms import ActionItemFormSet, PlanContactForm, VisitCorrectionForm, VisitForm
from mentoring.models import FieldVisit
from mentoring.planning import schedule_next_contact
from mentoring.selectors import Access
from mentoring.services import ActionItemInput, MentoringError
from mentoring.timeline import timeline_for

VISITS_PER_PAGE = 20


def _input(data: dict) -> visits.VisitInput:
    return visits.VisitInput(
        visited_on=data["visited_on"],
        purpose=data["purpose"],
        district=data["district"],
        village=data["village"],
        summary=data["summary"],
        internal_notes=data["internal_notes"],
    )


@login_required
@outbox_answers
def visit_new(request: HttpRequest, profile_id: int) -> HttpResponse:
    """A companion logs a field visit to one of the entrepreneurs assigned to them now."""
    profile = get_object_or_404(EntrepreneurProfile.objects.select_related("user", "district"), pk=profile_id)
    if not selectors.is_current_companion(profile, user=request.user):
        raise Http404
    initial = {"district": profile.district.name} if profile.district_id else {}
    form = VisitForm(request.POST or None, request.FILES or None, initial=initial)
    items = ActionItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        try:
            visit = visits.log_visit(
                profile,
                by=request.user,
                data=_input(form.cleaned_data),
                follow_ups=[
                    ActionItemInput(text=row["text"], due_date=row.get("due_date"))
                    for row in items.cleaned_data
                    if row.get("text")
                ],
                photos=form.cleaned_data["photos"],
                client_key=form.cleaned_data.get("form_key"),
            )
        except MentoringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Visit saved."))
            return redirect("mentoring:visit_detail", pk=visit.pk)
    return TemplateResponse(
        request,
        "mentoring/visit_form.html",
        {"form": form, "items": items, "profile": profile},
        status=400 if form.errors or items.errors else 200,
    )


@login_required
@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit, access = selectors.get_visit_for(user=request.user, pk=pk)
    internal = selectors.sees_internal_notes(access, visit=visit, user=request.user)
    context = {
        "visit": visit,
        "internal": internal,
        "show_photos": _sees_photos(access, visit, request),
        "can_edit": visits.can_edit(visit, user=request.user),
        "can_tick": access in (Access.OWNER, Access.COMPANION) or visit.companion_id == request.user.pk,
        "revisions": [(r, _changed_labels(r)) for r in visit.revisions.all()] if internal else [],
    }
    return render(request, "mentoring/visit_detail.html", context)


# Model field → the form field whose label the companion knows.
FORM_FIELD = {"date": "visited_on", "notes": "summary"}


def _changed_labels(revision) -> list[str]:
    fields = VisitForm.base_fields
    return [str(fields[FORM_FIELD.get(name, name)].label) for name in revision.changes]


def _sees_photos(access: str, visit: FieldVisit, request: HttpRequest) -> bool:
    """Photos of a home stay with the entrepreneur, the author, current companions and managers in
    the area; a former companion loses them (as with evidence photos)."""
    return access != Access.FORMER or visit.companion_id == request.user.pk


@login_required
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The author corrects a visit within seven days; every correction is recorded."""
    visit, _access = selectors.get_visit_for(user=request.user, pk=pk)
    if not visits.can_edit(visit, user=request.user):
        messages.error(request, _("Only the companion who logged this visit can correct it, within 7 days."))
        return redirect("mentoring:visit_detail", pk=visit.pk)
    initial = {
        "visited_on": visit.date,
        "purpose": visit.purpose,
        "district": visit.district,
        "village": visit.village,
        "summary": visit.notes,
        "internal_notes": visit.internal_notes,
    }
    form = VisitCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            visits.correct_visit(visit, by=request.user, data=_input(form.cleaned_data))
        except MentoringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Visit corrected."))
            return redirect("mentoring:visit_detail", pk=visit.pk)
    return render(
        request,
        "mentoring/visit_edit.html",
        {"form": form, "visit": visit},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def visit_follow_up_done(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    visit, _access = selectors.get_visit_for(user=request.user, pk=pk)
    item = get_object_or_404(visit.action_items.all(), pk=item_id)
    try:
        services.set_action_item_done(item, by=request.user, done=request.POST.get("done") == "1")
    except services.Forbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    return redirect("mentoring:visit_detail", pk=visit.pk)


@login_required
@require_GET
def visit_photo(request: HttpRequest, pk: int, photo_id: int) -> FileResponse:
    visit, access = selectors.get_visit_for(user=request.user, pk=pk)
    if not _sees_photos(access, visit, request):
        raise Http404
    photo = get_object_or_404(visit.photos.all(), pk=photo_id)
    return serve_private_file(photo.thumbnail if request.GET.get("size") == "thumb" else photo.image)


@mentor_required
@require_GET
def visit_list(request: HttpRequest) -> HttpResponse:
    """The visits this companion logged, newest first, 20 a page; and whom they can visit now."""
    page = Paginator(selectors.visits_by(user=request.user), VISITS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    profiles = list(selectors.profiles_accompanied_by(user=request.user))
    return render(request, "mentoring/visit_list.html", {"page": page, "profiles": profiles})


# -- timelines ---------------------------------------------------------------------------------


def _render_timeline(request: HttpRequest, profile: EntrepreneurProfile, access: str) -> HttpResponse:
    page = timeline_for(profile, user=request.user, access=access, before=request.GET.get("before"))
    return render(
        request,
        "mentoring/timeline.html",
        {
            "page": page,
            "profile": profile,
            "own": access == Access.OWNER,
            "is_first": not request.GET.get("before"),
        },
    )


@entrepreneur_required
@require_GET
def my_timeline(request: HttpRequest) -> HttpResponse:
    """The entrepreneur's own history: summaries, never internal notes."""
    profile = profile_for(request.user)
    if profile is None:
        messages.info(request, _("Please fill in your business profile first."))
        return redirect("incubator:profile")
    return _render_timeline(request, profile, Access.OWNER)


@login_required
@require_GET
def profile_timeline(request: HttpRequest, profile_id: int) -> HttpResponse:
    """A mentee's history for their current or former companions and managers of their area."""
    profile = get_object_or_404(EntrepreneurProfile.objects.select_related("user"), pk=profile_id)
    access = selectors.profile_access(profile, user=request.user)
    if access is None:
        raise Http404
    if access == Access.OWNER:
        return redirect("mentoring:timeline")
    return _render_timeline(request, profile, access)


@mentor_required
@require_POST
def plan_next(request: HttpRequest, profile_id: int) -> HttpResponse:
    """A companion plans the next visit or session from the mentee page."""
    profile = get_mentee_for(companion=request.user, pk=profile_id)
    form = PlanContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            schedule_next_contact(profile, by=request.user, **form.cleaned_data)
        except MentoringError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Planned. The family sees it on their page."))
    return redirect("incubator:mentee_detail", pk=profile.pk)
