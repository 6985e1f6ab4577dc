from django.urls import path

from cms import views

app_name = "cms"
urlpatterns = [
    path("learn-actions/lessons/<id:page_id>/quiz/", views.submit_quiz, name="submit_quiz"),
    path("learn-actions/lessons/<id:page_id>/complete/", views.complete_lesson, name="complete_lesson"),
]
