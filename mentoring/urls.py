from django.urls import path

from mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("chat/", views.chat_list, name="chat_list"),
    path("chat/<int:pk>/", views.conversation, name="conversation"),
    path("chat/<int:pk>/messages/", views.conversation_messages, name="conversation_messages"),
    path("chat/<int:pk>/send/", views.send, name="send"),
    path("chat/<int:pk>/photo/<int:message_id>/", views.attachment, name="attachment"),
    path(
        "chat/<int:pk>/photo/<int:message_id>/thumb/", views.attachment_thumbnail, name="attachment_thumbnail"
    ),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/photo/<int:photo_id>/", views.session_photo, name="session_photo"),
    path("sessions/new/<int:profile_id>/", views.session_new, name="session_new"),
    path("sessions/items/<int:pk>/done/", views.action_item_done, name="action_item_done"),
]
