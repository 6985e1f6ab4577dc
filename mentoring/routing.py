from django.urls import path, re_path

from mentoring import consumers

websocket_urlpatterns = [
    path("ws/chat/<int:conversation_id>/", consumers.ChatConsumer.as_asgi()),
    path("ws/notifications/", consumers.NotificationConsumer.as_asgi()),
    # Last: every other path is refused at the handshake instead of raising "No route found".
    re_path(r"", consumers.UnknownPathConsumer.as_asgi()),
]
