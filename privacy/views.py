"""/account/data/: what Tumbuh holds about the signed-in person, the download, withdrawal, deletion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.errors import AccountError
from core.files import serve_private_file
from privacy import selectors, services
from privacy.errors import PrivacyError
from privacy.retention import RULES


@login_required
def data(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "privacy/data.html",
        {
            "profile": selectors.profile_of(user),
            "consents": selectors.consents_of(user),
            "consent_withdrawn": account_selectors.consent_withdrawn(user.pk),
            "figures": selectors.figures_of(user),
            "evidence": selectors.evidence_of(user),
            "chat": selectors.messages_of(user),
            "visits": selectors.visits_about(user),
            "complaints": selectors.complaints_raised_by(user),
            "assistance": selectors.assistance_of(user),
            "export": selectors.latest_export(user),
            "deletion": selectors.pending_deletion(user),
            "rules": RULES,
        },
    )


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    try:
        services.request_export(request.user, by=request.user)
    except PrivacyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Your download is being prepared. It will appear on this page, for 7 days.")
        )
    return redirect("privacy:data")


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_export_for(user=request.user, pk=pk)
    return serve_private_file(
        found.file,
        cache_control="private, no-store",
        disposition=f'attachment; filename="tumbuh-data-{found.pk}.zip"',
    )


@login_required
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you withdraw your consent."))
        return redirect("privacy:data")
    try:
        account_services.withdraw_consent(request.user, by=request.user)
    except AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your consent is withdrawn. You can give it again at any time."))
    return redirect("privacy:data")


@login_required
@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    try:
        services.request_deletion(request.user, by=request.user, reason=request.POST.get("reason", ""))
    except PrivacyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your request is sent to the program manager of your area."))
    return redirect("privacy:data")
