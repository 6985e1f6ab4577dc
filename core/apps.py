from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app uses and that depends on no app: base models, storage, files, photos, errors,
    live pushes, the admin permission toolkit and Rupiah formatting. No models of its own, so no
    name shown anywhere to translate."""

    name = "core"
    label = "core"

    def ready(self) -> None:
        # The ``<id:...>`` path converter, registered before any URLconf is read.
        from core import converters  # noqa: F401
