"""Table columns of the workspace listings that Wagtail's own columns do not cover."""

from __future__ import annotations

from django.middleware.csrf import get_token
from wagtail.admin.ui.tables import Column


class TemplateColumn(Column):
    """A column whose cell is a template of its own, given the row's object as ``instance``.

    Cells are rendered without the request's context processors, so a cell holding a form gets
    its ``csrf_token`` here.
    """

    def __init__(self, name: str, *, template: str, **kwargs) -> None:
        super().__init__(name, **kwargs)
        self.cell_template_name = template

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if request is not None:
            context["csrf_token"] = get_token(request)
        return context
