from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app uses and that depends on no app: base models, storage, files, photos, errors,
    live pushes, the admin permission toolkit and Rupiah formatting."""

    name = "core"
    label = "core"
    verbose_name = _("Core")
