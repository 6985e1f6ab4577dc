from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_out
        from django.contrib.sessions.models import Session
        from django.db.models.signals import post_delete, post_init, post_save
        from wagtail import hooks

        from incubator.signals import assignment_changed
        from mentoring import signals

        # Open sockets follow the account: sign-out, deleted sessions, deactivation, new password.
        User = get_user_model()
        user_logged_out.connect(signals.close_sockets_on_logout, dispatch_uid="mentoring_close_sockets")
        post_delete.connect(
            signals.close_sockets_of_deleted_session, sender=Session, dispatch_uid="mentoring_session_sockets"
        )
        post_init.connect(signals.remember_access_fields, sender=User, dispatch_uid="mentoring_user_access")
        post_save.connect(
            signals.close_sockets_on_access_change, sender=User, dispatch_uid="mentoring_user_sockets"
        )
        hooks.register("after_bulk_action", signals.close_sockets_after_bulk_deactivation)
        # A new pair gets its conversation, an ended pair's sockets close (incubator stays below us).
        assignment_changed.connect(signals.follow_assignment, dispatch_uid="mentoring_follow_assignment")
