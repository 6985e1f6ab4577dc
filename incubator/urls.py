from django.urls import path

from incubator import views

app_name = "incubator"
urlpatterns = [
    path("portal/", views.portal_home, name="portal_home"),
    path("mentor/", views.mentor_home, name="mentor_home"),
]
