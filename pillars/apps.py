from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PillarsConfig(AppConfig):
    name = "pillars"
    verbose_name = _("Social pillars")

    def ready(self) -> None:
        from mentoring.timeline import register_source
        from pillars.timeline import community_sessions

        # Families who attended a community session see it on their timeline (mentoring.timeline).
        register_source(community_sessions)
