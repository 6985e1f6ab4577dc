from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from incubator.signals import assignment_changed
        from mentoring.signals import close_sockets_on_logout, follow_assignment

        user_logged_out.connect(close_sockets_on_logout, dispatch_uid="mentoring_close_sockets")
        assignment_changed.connect(follow_assignment, dispatch_uid="mentoring_follow_assignment")
