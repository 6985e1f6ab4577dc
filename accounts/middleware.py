"""A text message that could not be sent answers with a clear message, never an error page."""

from __future__ import annotations

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
