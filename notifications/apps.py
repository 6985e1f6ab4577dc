from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The domain apps only send ``event_pushed``; the inbox listens here, so they never import it.
        from core.notifications import event_pushed, events_pushed
        from notifications import receivers

        event_pushed.connect(receivers.on_event_pushed, dispatch_uid="notifications.inbox")
        events_pushed.connect(receivers.on_events_pushed, dispatch_uid="notifications.inbox-batch")
