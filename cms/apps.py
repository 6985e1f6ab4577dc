from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Content and workspace")

    def ready(self) -> None:
        from wagtail.signals import workflow_approved

        from cms import reviews

        workflow_approved.connect(reviews.on_workflow_approved, dispatch_uid="cms_record_lesson_review")
