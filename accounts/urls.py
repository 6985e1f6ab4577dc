from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("home/", views.home, name="home"),
    path("signup/phone/", views.signup_by_phone, name="signup_by_phone"),
    path("time-zone/", views.time_zone, name="time_zone"),
    path("save-data/", views.save_data, name="save_data"),
]
