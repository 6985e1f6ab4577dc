"""allauth's own "change phone" pages, routed here because allauth adds them only when ``phone`` is
in ``ACCOUNT_SIGNUP_FIELDS`` (it is not: see docs/phone-sign-in.md). Their names stay allauth's
(no namespace): allauth's views and templates reverse them by these names."""

from allauth.account.views import change_phone, verify_phone
from django.urls import path

urlpatterns = [
    path("phone/", change_phone, name="account_change_phone"),
    path("phone/verify/", verify_phone, name="account_verify_phone"),
]
