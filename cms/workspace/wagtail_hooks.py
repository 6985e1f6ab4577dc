from wagtail import hooks

from accounts import roles
from cms.workspace.panels import panels_for
from cms.workspace.viewsets import ProgramViewSetGroup
from incubator.scope import scope_for


@hooks.register("register_admin_viewset")
def register_program_workspace():
    return ProgramViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_program_panels(request, panels):
    panels.extend(panels_for(request.user))


@hooks.register("construct_reports_menu")
def hide_site_history_from_regional_managers(request, menu_items):
    """Wagtail's site history names edited records of every area; a regional manager does not get
    it in the menu (docs/regional-scope.md, known limits: the URL itself is Wagtail's)."""
    if roles.is_manager(request.user) and not scope_for(request.user).national:
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]
