from django.urls import path

from complaints import views

app_name = "complaints"
urlpatterns = [
    path("complaints/", views.my_complaints, name="list"),
    path("complaints/new/", views.new_complaint, name="new"),
    path("complaints/<int:pk>/", views.complaint_detail, name="detail"),
    path("complaints/<int:pk>/information/", views.add_information, name="add_information"),
    path("complaints/<int:pk>/photo/<int:event_id>/", views.photo, name="photo"),
    path("complaints/<int:pk>/photo/<int:event_id>/thumb/", views.photo, {"size": "thumb"}, name="thumbnail"),
    path("complaints/report/message/<int:message_id>/", views.report_message, name="report_message"),
]
