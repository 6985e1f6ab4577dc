"""The consent page: the current text, asked again when it changed, or given again after a withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import roles, selectors, services
from accounts.errors import AccountError
from accounts.middleware import CONSENT_REQUIRED


@login_required
def ask(request: HttpRequest) -> HttpResponse:
    text = selectors.current_consent_text()
    version = text.version if text else selectors.DEFAULT_CONSENT_VERSION
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST":
        if request.POST.get("accept") != "yes":
            messages.error(request, _("Tick the box to give your consent."))
        else:
            try:
                services.accept_consent(request.user, version=request.POST.get("version", ""))
            except AccountError as exc:
                messages.error(request, str(exc))
            else:
                request.session.pop(CONSENT_REQUIRED, None)
                messages.success(request, _("Thank you. Your consent is recorded."))
                return redirect(next_url or roles.home_url(request.user))
    latest = selectors.latest_consent(request.user.pk)
    return render(
        request,
        "account/consent.html",
        {
            "text": text.body(get_language()) if text else "",
            "version": version,
            "next": next_url,
            "changed": bool(request.session.get(CONSENT_REQUIRED)),
            "latest": latest,
        },
    )
