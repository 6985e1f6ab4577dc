from allauth.account.adapter import DefaultAccountAdapter

from accounts import roles


class AccountAdapter(DefaultAccountAdapter):
    """Sends each role to its home after sign-in (when no ``next`` was asked for)."""

    def get_login_redirect_url(self, request) -> str:
        return roles.home_url(request.user)

    def get_signup_redirect_url(self, request) -> str:
        return roles.home_url(request.user)
