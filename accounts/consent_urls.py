from django.urls import path

from accounts import consent_views

app_name = "consent"
urlpatterns = [path("consent/", consent_views.ask, name="ask")]
