"""Bench-only URLconf: every Tumbuh URL plus ``/bench/trivial/``, the baseline for page timings."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler500  # noqa: F401  (a database outage met in a middleware is a 503, as in production)
from config.urls import urlpatterns as tumbuh_urlpatterns


def trivial(request):
    """The cheapest Django answer through the same middleware: the floor for page latency."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *tumbuh_urlpatterns]
