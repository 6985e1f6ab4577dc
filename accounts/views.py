from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts import roles


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's home, by role."""
    return redirect(roles.home_url(request.user))


def cms_login(request: HttpRequest) -> HttpResponse:
    """Wagtail's own login page hands over to allauth's, so one set of rate limits guards every door."""
    from django.urls import reverse
    from django.utils.http import url_has_allowed_host_and_scheme, urlencode

    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
