from django.urls import path

from incubator import views

app_name = "incubator"
urlpatterns = [
    path("portal/", views.portal_home, name="portal_home"),
    path("portal/promoted/", views.promoted, name="promoted"),
    path("glossary/", views.glossary, name="glossary"),
    path("help/", views.help_page, name="help"),
    path("portal/profile/", views.profile, name="profile"),
    path("portal/milestones/", views.milestones, name="milestones"),
    path("portal/milestones/<id:pk>/", views.milestone_detail, name="milestone_detail"),
    path("portal/milestones/<id:pk>/withdraw/", views.withdraw_evidence, name="withdraw_evidence"),
    path("portal/reports/", views.reports, name="reports"),
    path("assistance/<id:pk>/receipt/", views.assistance_receipt, name="assistance_receipt"),
    path("portal/reports/<id:pk>/correct/", views.correct_report, name="correct_report"),
    path("mentor/", views.mentor_home, name="mentor_home"),
    path("mentor/entrepreneurs/new/", views.register_entrepreneur, name="register_entrepreneur"),
    path("mentor/entrepreneurs/<id:pk>/", views.mentee_detail, name="mentee_detail"),
    path("mentor/entrepreneurs/<id:pk>/profile/", views.mentee_profile, name="mentee_profile"),
    path("mentor/entrepreneurs/<id:pk>/reports/", views.mentee_reports, name="mentee_reports"),
    path("mentor/entrepreneurs/<id:pk>/intake/", views.mentee_intake, name="mentee_intake"),
    path("mentor/assistance/<id:pk>/deliver/", views.deliver_assistance, name="deliver_assistance"),
    path("mentor/milestones/<id:pk>/review/", views.review_milestone, name="review_milestone"),
    path("files/<str:kind>/<id:pk>/", views.private_file, name="private_file"),
]
