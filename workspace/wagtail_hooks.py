from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.log_actions import LogFormatter

from core.admin import PROGRAM_REPORTS_MENU_HOOK
from incubator.services.scopes import AREA_LOG_ACTION
from workspace.middleware import may_see_site_history
from workspace.panels import panels_for
from workspace.participant_bulk_actions import AssignCompanionBulkAction
from workspace.selectors import may_review_tasks
from workspace.user_bulk_actions import USER_BULK_ACTIONS
from workspace.viewsets import (
    ImportJobViewSet,
    ParticipantRecordViewSet,
    ProgramReportViewSet,
    ProgramViewSetGroup,
)

# The back office's other screens register their own hooks when imported: Wagtail loads only
# each app's ``wagtail_hooks`` module.
from workspace import (  # noqa: F401  isort: skip
    complaints_hooks,
    learning_admin,
    mentoring_admin,
    pillars_admin,
    privacy_admin,
    review_report,
)


@hooks.register("register_admin_viewset")
def register_program_workspace():
    return ProgramViewSetGroup()


program_report_viewset = ProgramReportViewSet(add_to_admin_menu=False)


@hooks.register("register_admin_viewset")
def register_program_report():
    return program_report_viewset


@hooks.register(PROGRAM_REPORTS_MENU_HOOK)
def register_program_report_menu_item():
    return program_report_viewset.get_menu_item(order=100)


@hooks.register("register_admin_menu_item")
def register_program_reports_menu():
    """Every programme report in one menu (finding P6); shown when one of its reports is."""
    return SubmenuMenuItem(
        _("Program reports"),
        Menu(
            register_hook_name=PROGRAM_REPORTS_MENU_HOOK, construct_hook_name="construct_program_reports_menu"
        ),
        name="program-reports",
        icon_name="table",
        order=160,
    )


@hooks.register("register_admin_viewset")
def register_participant_record():
    return ParticipantRecordViewSet()


@hooks.register("register_admin_viewset")
def register_import_jobs():
    return ImportJobViewSet()


@hooks.register("construct_homepage_panels")
def add_program_panels(request, panels):
    panels.extend(panels_for(request.user))


@hooks.register("construct_homepage_panels")
def drop_review_queue_for_non_reviewers(request, panels):
    """Wagtail's "Awaiting your review" panel shows only the tasks its reader may approve, and
    nothing at all otherwise; finding that out costs it three queries (every active task, each task's
    own row, the reader's groups). Program managers draft and submit lessons but never approve them
    (only the Content reviewer group does, ``cms.reviews``): one query says whether the reader may
    approve any active task, and the panel is dropped when not (issue 17)."""
    if not may_review_tasks(request.user):
        panels[:] = [panel for panel in panels if panel.name != "workflow_objects_to_moderate"]


@hooks.register("construct_reports_menu")
def hide_site_history(request, menu_items):
    """Wagtail's site history names edited records of every area: not in the menu of a regional
    manager or a manager without an area (its URL answers 404 to them: ``middleware``)."""
    if not may_see_site_history(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]


@hooks.register("register_log_actions")
def register_area_log_action(actions):
    @actions.register_action(AREA_LOG_ACTION)
    class ManagerAreaFormatter(LogFormatter):
        label = _("Set a manager's area")

        def format_message(self, log_entry):
            area = log_entry.data.get("area")
            if area is None:
                return _("Manager's area set to: national")
            if not area:
                return _("Manager's area removed: sees nothing")
            return _("Manager's area set to: %(area)s") % {"area": area}


# Tumbuh's bulk user actions replace Wagtail's (``workspace.user_bulk_actions``). Wagtail's registry
# keeps the last class registered for a model and action; ``order`` puts these after Wagtail's own.
for _action_class in USER_BULK_ACTIONS:
    hooks.register("register_bulk_action", _action_class, order=100)
hooks.register("register_bulk_action", AssignCompanionBulkAction)


@hooks.register("construct_homepage_summary_items", order=1000)  # after Wagtail adds its own
def program_home_without_cms_counters(request, summary_items):
    """The admin home is the program's: its panels, not "58 pages / 9 images / 0 documents" (P8)."""
    summary_items.clear()
