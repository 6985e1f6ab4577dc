from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PillarsConfig(AppConfig):
    name = "pillars"
    verbose_name = _("Social pillars")

    def ready(self) -> None:
        from cms.selectors import register_pillar_kind_source
        from mentoring.timeline import register_source
        from pillars.selectors import organisation_pillar_kinds
        from pillars.timeline import community_sessions

        # Families who attended a community session see it on their timeline (mentoring.timeline).
        register_source(community_sessions)
        # Members of pillar organisations see the pillar courses of their type on /learn/ too.
        register_pillar_kind_source(organisation_pillar_kinds)
