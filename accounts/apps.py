from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts import roles
        from accounts.middleware import flag_consent_at_sign_in

        # Groups and their permissions follow the code after every migrate (new models, new rules).
        post_migrate.connect(roles.sync_groups_after_migrate, sender=self)
        # A newer consent text is asked for at the next sign-in (accounts.middleware.ConsentMiddleware).
        user_logged_in.connect(flag_consent_at_sign_in, dispatch_uid="accounts.flag_consent")
