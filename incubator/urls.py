from django.urls import path

from incubator import views

app_name = "incubator"
urlpatterns = [
    path("portal/", views.portal_home, name="portal_home"),
    path("portal/profile/", views.profile, name="profile"),
    path("portal/milestones/", views.milestones, name="milestones"),
    path("portal/milestones/<int:pk>/", views.milestone_detail, name="milestone_detail"),
    path("portal/reports/", views.reports, name="reports"),
    path("mentor/", views.mentor_home, name="mentor_home"),
    path("mentor/entrepreneurs/<int:pk>/", views.mentee_detail, name="mentee_detail"),
    path("mentor/milestones/<int:pk>/review/", views.review_milestone, name="review_milestone"),
    path("files/<str:kind>/<int:pk>/", views.private_file, name="private_file"),
]
