from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.models import Login
from allauth.account.stages import LoginByCodeStage, LoginStageController
from allauth.core import ratelimit
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts import roles, services
from accounts.errors import AccountError
from accounts.forms import PhoneSignupForm
from accounts.middleware import sms_not_sent_message
from accounts.sms import SMSNotSent, receive_sms


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's home, by role."""
    return redirect(roles.home_url(request.user))


def cms_login(request: HttpRequest) -> HttpResponse:
    """Wagtail's own login page hands over to allauth's, so one set of rate limits guards every door."""
    from django.utils.http import url_has_allowed_host_and_scheme, urlencode

    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def signup_by_phone(request: HttpRequest) -> HttpResponse:
    """Self sign-up with a mobile number alone; a code sent by SMS then signs the person in.

    The account is made by ``services.sign_up_by_phone``; the code step is allauth's login-by-code,
    so the same rate limits, attempt counts and expiry guard it. The answer never tells whether the
    number was registered: for a taken number the owner gets a text ("someone tried to sign up
    with your number, sign in with a code") and the person sees the same code page as everyone.
    Each sign-up costs an SMS, so it counts against the per-number code limit too.
    """
    if request.user.is_authenticated:
        return redirect(roles.home_url(request.user))
    form = PhoneSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if not (
            ratelimit.consume(request, action="signup")
            and ratelimit.consume(request, action="request_login_code", key=phone.lower())
        ):
            form.add_error(None, _("Too many attempts. Please wait a few minutes and try again."))
        else:
            try:
                # The account exists only if its first code went out: with the SMS gateway down,
                # nothing is kept and the person can simply try again later with the same number.
                with transaction.atomic():
                    user = services.sign_up_by_phone(
                        full_name=form.cleaned_data["full_name"],
                        phone=phone,
                        consent=form.cleaned_data["consent"],
                    )
                    _send_first_code(request, user=user, phone=phone)
            except AccountError as exc:
                form.add_error(None, str(exc))
            except SMSNotSent:
                form.add_error(None, sms_not_sent_message())
            else:
                return redirect(reverse("account_confirm_login_code"))
    return render(request, "account/signup_by_phone.html", {"form": form})


def _send_first_code(request: HttpRequest, *, user, phone: str) -> None:
    """A code to a new account's number; to a taken number, allauth's "account already exists" text.

    Both start the same code process, so the next page is the same; with no user, no code matches.
    """
    if user is not None:
        LoginCodeVerificationProcess.initiate(request=request, user=user, phone=phone)
        return
    login = Login(user=None, phone=phone, signup=True)
    login.state["stages"] = {"current": "login_by_code"}
    stage = LoginByCodeStage(LoginStageController(request, login), request, login)
    LoginCodeVerificationProcess.initiate(request=request, user=None, phone=phone, stage=stage)


SMS_SECRET_HEADER = "X-Tumbuh-SMS-Secret"  # noqa: S105  (a header name, not a secret)


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    """An SMS gateway hands over one reply it received: form fields ``from`` and ``text``.

    Refused (403, nothing read) without the shared secret of ``TUMBUH_SMS_INBOUND_SECRET`` in the
    ``X-Tumbuh-SMS-Secret`` header, or when no secret is configured. 400 when a field is missing.
    """
    import hmac

    from django.conf import settings

    expected = getattr(settings, "TUMBUH_SMS_INBOUND_SECRET", "") or ""
    given = request.headers.get(SMS_SECRET_HEADER, "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return JsonResponse({"error": "forbidden"}, status=403)
    sender, text = request.POST.get("from", ""), request.POST.get("text", "")
    if not sender.strip() or not text.strip():
        return JsonResponse({"error": "from and text are required"}, status=400)
    return JsonResponse({"handled": receive_sms(sender, text)})


@login_required
def time_zone(request: HttpRequest) -> HttpResponse:
    """Choose the zone times are shown in: WIB, WITA, WIT, or the one of one's region."""
    from django.contrib import messages

    from accounts.timezones import ABBREVIATIONS, CHOICES, zone_for

    if request.method == "POST":
        try:
            services.set_time_zone(request.user, request.POST.get("time_zone", ""))
        except AccountError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Times are now shown in %(zone)s.") % {"zone": ABBREVIATIONS[zone_for(request.user)]},
            )
            return redirect("accounts:time_zone")
    return render(
        request,
        "account/time_zone.html",
        {
            "choices": CHOICES,
            "chosen": request.user.time_zone,
            "automatic": ABBREVIATIONS.get(zone_for(request.user)),
        },
    )


@login_required
def save_data(request: HttpRequest) -> HttpResponse:
    """The "Hemat data" setting: images wait for a tap, so they cost no data unless wanted."""
    from django.contrib import messages

    if request.method == "POST":
        services.set_save_data(request.user, on=request.POST.get("save_data") == "on")
        messages.success(request, _("Your choices are saved."))
        return redirect("accounts:save_data")
    return render(request, "account/save_data.html", {"on": request.user.save_data})
