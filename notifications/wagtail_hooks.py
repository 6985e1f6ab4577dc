from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.admin import PROGRAM_REPORTS_MENU_HOOK
from notifications.admin_views import DeliveryFailuresView, may_see_failures


@hooks.register("register_admin_urls")
def register_delivery_failures_urls():
    return [
        path(
            "notifications/failures/", DeliveryFailuresView.as_view(), name="notifications_delivery_failures"
        ),
        path(
            "notifications/failures/results/",
            DeliveryFailuresView.as_view(results_only=True),
            name="notifications_delivery_failures_results",
        ),
    ]


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_failures(request.user)


@hooks.register(PROGRAM_REPORTS_MENU_HOOK)
def register_delivery_failures_menu_item():
    return ManagerMenuItem(
        _("Notifications not delivered"),
        reverse("notifications_delivery_failures"),
        name="notification-failures",
        icon_name="warning",
        order=900,
    )
