from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/unread/", views.unread, name="unread"),
    path("notifications/read-all/", views.read_all, name="read_all"),
    path("notifications/settings/", views.preferences, name="settings"),
    path("notifications/<id:pk>/open/", views.open_item, name="open"),
    path("notifications/push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("notifications/push/unsubscribe/", views.push_unsubscribe, name="push_unsubscribe"),
]
