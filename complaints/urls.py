from django.urls import path

from complaints import views

app_name = "complaints"
urlpatterns = [
    path("complaints/", views.my_complaints, name="list"),
    path("complaints/new/", views.new_complaint, name="new"),
    path("complaints/<id:pk>/", views.complaint_detail, name="detail"),
    path("complaints/<id:pk>/information/", views.add_information, name="add_information"),
    path("complaints/<id:pk>/reopen/", views.reopen, name="reopen"),
    path("complaints/<id:pk>/rate/", views.rate, name="rate"),
    path("complaints/<id:pk>/photo/<id:event_id>/", views.photo, name="photo"),
    path("complaints/<id:pk>/photo/<id:event_id>/thumb/", views.photo, {"size": "thumb"}, name="thumbnail"),
    path("complaints/report/message/<id:message_id>/", views.report_message, name="report_message"),
]
