from django.urls import path

from mentoring import views, visit_views

app_name = "mentoring"
urlpatterns = [
    path("chat/", views.chat_list, name="chat_list"),
    path("chat/<id:pk>/", views.conversation, name="conversation"),
    path("chat/with/<id:profile_id>/", views.conversation_with, name="conversation_with"),
    path("chat/<id:pk>/messages/", views.conversation_messages, name="conversation_messages"),
    path("chat/<id:pk>/send/", views.send, name="send"),
    path("chat/<id:pk>/photo/<id:message_id>/", views.attachment, name="attachment"),
    path(
        "chat/<id:pk>/photo/<id:message_id>/thumb/", views.attachment_thumbnail, name="attachment_thumbnail"
    ),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<id:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<id:pk>/photo/<id:photo_id>/", views.session_photo, name="session_photo"),
    path("sessions/new/<id:profile_id>/", views.session_new, name="session_new"),
    path("sessions/items/<id:pk>/done/", views.action_item_done, name="action_item_done"),
    # Field visits and timelines (mentoring.visit_views)
    path("visits/", visit_views.visit_list, name="visit_list"),
    path("visits/new/<id:profile_id>/", visit_views.visit_new, name="visit_new"),
    path("visits/<id:pk>/", visit_views.visit_detail, name="visit_detail"),
    path("visits/<id:pk>/edit/", visit_views.visit_edit, name="visit_edit"),
    path("visits/<id:pk>/photo/<id:photo_id>/", visit_views.visit_photo, name="visit_photo"),
    path(
        "visits/<id:pk>/follow-ups/<id:item_id>/done/",
        visit_views.visit_follow_up_done,
        name="visit_follow_up_done",
    ),
    path("plan/<id:profile_id>/", visit_views.plan_next, name="plan_next"),
    path("timeline/", visit_views.my_timeline, name="timeline"),
    path("timeline/<id:profile_id>/", visit_views.profile_timeline, name="profile_timeline"),
]
