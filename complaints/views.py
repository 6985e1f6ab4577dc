"""Complaint pages for anyone signed in: my complaints, raise one, follow it, report a chat message.

Thin: selectors read and check, services decide. The managers' queue is in ``workspace.complaints_admin``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints import permissions, selectors, services
from complaints.forms import ComplaintForm, InformationForm, RatingForm, ReopenForm, ReportMessageForm
from complaints.models import Status
from complaints.services import ComplaintError
from complaints.targets import target_for
from core.files import serve_private_file
from core.outbox import outbox_answers


@login_required
@require_GET
def my_complaints(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.complaints_raised_by(user=request.user))
    return render(request, "complaints/list.html", {"complaints": rows})


@login_required
@require_http_methods(["GET", "POST"])
@outbox_answers
def new_complaint(request: HttpRequest) -> HttpResponse:
    form = ComplaintForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.raise_complaint(
                by=request.user,
                category=data["category"],
                description=data["description"],
                photo=data.get("photo"),
                about=data.get("about"),
                region=data.get("region"),
                client_key=data.get("form_key"),
            )
        except ComplaintError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Your complaint is recorded as %(number)s. You can follow it here.")
                % {"number": complaint.number},
            )
            return redirect(complaint)
    return TemplateResponse(request, "complaints/form.html", {"form": form})


@login_required
@require_GET
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.get_complaint_for(user=request.user, pk=pk)
    now = timezone.now()
    context = {
        "complaint": complaint,
        "events": list(selectors.history(complaint)),
        "form": InformationForm(),
        "can_add": complaint.status != Status.CLOSED,
        "reopen_form": ReopenForm()
        if services.can_reopen_by_raiser(complaint, user=request.user, now=now)
        else None,
        "rating_form": RatingForm() if services.can_rate_by_raiser(complaint, user=request.user) else None,
        "reopen_days": services.REOPEN_DAYS,
        "is_handler": permissions.can_handle(request.user, complaint),
        "overdue": selectors.is_overdue(complaint, now=now),
        "target_days": target_for(complaint.category),
    }
    return render(request, "complaints/detail.html", context)


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The raiser says the complaint is not resolved, with a reason."""
    complaint = selectors.get_complaint_for(user=request.user, pk=pk)
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise ComplaintError(_("Please say what is still not resolved."))
        services.reopen_by_raiser(complaint, by=request.user, reason=form.cleaned_data["reason"])
    except ComplaintError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your complaint is open again; the handler has been told."))
    return redirect(complaint)


@login_required
@require_POST
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    """The raiser rates how the complaint was handled."""
    complaint = selectors.get_complaint_for(user=request.user, pk=pk)
    form = RatingForm(request.POST)
    try:
        if not form.is_valid():
            raise ComplaintError(_("Please choose from 1 to 5 stars."))
        services.rate_complaint(
            complaint, by=request.user, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
        )
    except ComplaintError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you for rating the handling."))
    return redirect(complaint)


@login_required
@require_POST
def add_information(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.get_complaint_for(user=request.user, pk=pk)
    form = InformationForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ComplaintError(" ".join(e for errors in form.errors.values() for e in errors))
        services.add_information(
            complaint, by=request.user, note=form.cleaned_data["note"], photo=form.cleaned_data["photo"]
        )
    except ComplaintError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you. Your information was added."))
    return redirect(complaint)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int, event_id: int, size: str = "full") -> FileResponse:
    """A complaint's photo, only to the person who raised it and its handlers; 404 otherwise."""
    event = selectors.get_event_photo_for(user=request.user, pk=pk, event_id=event_id)
    return serve_private_file(event.thumbnail if size == "thumb" and event.thumbnail else event.photo)


@login_required
@require_http_methods(["GET", "POST"])
def report_message(request: HttpRequest, message_id: int) -> HttpResponse:
    """Report a chat message one received: only a participant of its conversation (404 otherwise)."""
    message = selectors.get_received_message_for(user=request.user, pk=message_id)
    form = ReportMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.raise_complaint(
                by=request.user,
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
                message=message,
            )
        except ComplaintError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Thank you for telling us. The message is reported as %(number)s.")
                % {"number": complaint.number},
            )
            return redirect(complaint)
    return render(request, "complaints/report_message.html", {"form": form, "reported": message})
