"""The complaint queue in the Wagtail admin menu and its panel on the admin home, for handlers."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.admin import PermissionMenuViewSet
from workspace import complaints_admin as admin_views
from workspace import complaints_panels as panels


class ComplaintQueueViewSet(PermissionMenuViewSet):
    name = "complaints"
    icon = "help"
    menu_label = _("Complaints")
    menu_order = 160
    add_to_admin_menu = True
    permission_policy = admin_views.policy
    permission_required = "change"
    url_namespace = "complaints_admin"
    url_prefix = "complaints"

    def get_urlpatterns(self):
        return [
            path("", admin_views.QueueView.as_view(), name="index"),
            path("results/", admin_views.QueueView.as_view(results_only=True), name="index_results"),
            path("export/", admin_views.ExportView.as_view(), name="export"),
            path("<id:pk>/", admin_views.DetailView.as_view(), name="detail"),
            path("<id:pk>/<str:action>/", admin_views.ActView.as_view(), name="act"),
        ]


@hooks.register("register_admin_viewset")
def register_complaint_queue():
    return ComplaintQueueViewSet()


@hooks.register("construct_homepage_panels")
def add_complaints_panel(request, home_panels):
    home_panels.extend(panels.panels_for(request.user))
