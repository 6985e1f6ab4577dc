"""The page editor's additions to the Wagtail admin (the back office's screens live in ``workspace``)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def name_rich_text_boxes():
    """Give Draftail's rich-text boxes an accessible name (axe: aria-input-field-name)."""
    return format_html('<script src="{}" defer></script>', static("cms/draftail-names.js"))
