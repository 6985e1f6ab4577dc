from wagtail.users.apps import WagtailUsersAppConfig


class TumbuhUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with Tumbuh's user fields (see ``accounts.wagtail_users``)."""

    user_viewset = "accounts.wagtail_users.UserViewSet"
