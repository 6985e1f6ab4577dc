from django.urls import path

from pillars import views

app_name = "pillars"

urlpatterns = [
    path("pillar/sessions/", views.my_sessions, name="sessions"),
    path("pillar/sessions/new/", views.log_session, name="log_session"),
    path("pillar/training/", views.my_training, name="training"),
]
