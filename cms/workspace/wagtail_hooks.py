from wagtail import hooks

from cms.workspace.panels import panels_for
from cms.workspace.viewsets import ProgramViewSetGroup


@hooks.register("register_admin_viewset")
def register_program_workspace():
    return ProgramViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_program_panels(request, panels):
    panels.extend(panels_for(request.user))
