from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import roles

        # Groups and their permissions follow the code after every migrate (new models, new rules).
        post_migrate.connect(roles.sync_groups_after_migrate, sender=self)
