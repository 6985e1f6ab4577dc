from wagtail.users.apps import WagtailUsersAppConfig


class TumbuhUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with Tumbuh's user fields (see ``workspace.wagtail_users``)."""

    user_viewset = "workspace.wagtail_users.UserViewSet"
