"""A text message that could not be sent answers with a clear message, never an error page."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from accounts.sms import SMSNotSent


def sms_not_sent_message() -> str:
    return _("We could not send the code just now; try again in a few minutes.")


class SMSFailureMiddleware:
    """Turns ``accounts.sms.SMSNotSent`` raised by any page (allauth's "send my code", "send again",
    phone change) into the message above, back on the same page.

    Nothing is lost: allauth keeps a code process only after its text was sent, so the person
    simply asks again (an earlier code, if any, stays valid).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, SMSNotSent):
            return None
        messages.error(request, sms_not_sent_message())
        return HttpResponseRedirect(request.get_full_path())


# Session key set at sign-in when the person's consent names an older text (accounts.apps).
CONSENT_REQUIRED = "consent_required"
# Pages open while the new consent is pending: the consent and data pages, sign-out, files, language.
_CONSENT_EXEMPT = re.compile(
    r"^/(?:en/)?(?:account/|accounts/logout/|static/|media/|i18n/|sms/|healthz|favicon|robots\.txt)"
)


def flag_consent_at_sign_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: remember in the session whether the consent text must be asked again.

    Checked once at sign-in, so ordinary pages cost no query; the middleware reads the flag.
    """
    from accounts.selectors import needs_new_consent

    if request is not None and hasattr(request, "session"):
        if needs_new_consent(user):
            request.session[CONSENT_REQUIRED] = True
        else:
            request.session.pop(CONSENT_REQUIRED, None)


class ConsentMiddleware:
    """While the session says a new consent text is pending, every page but the exempt ones sends the
    person to /account/consent/ (and back to where they were going once accepted)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(CONSENT_REQUIRED)
            and request.user.is_authenticated
            and not _CONSENT_EXEMPT.match(request.path_info)
        ):
            from django.urls import reverse
            from django.utils.http import urlencode

            target = reverse("consent:ask")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(target)
        return self.get_response(request)


class TimeZoneMiddleware:
    """Shows every time in the signed-in person's own zone (WIB, WITA or WIT): ``accounts.timezones``."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import timezone

        from accounts.timezones import zone_for

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zone_for(user))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
