"""The page editor's additions to the Wagtail admin (the back office's screens live in ``workspace``)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("register_admin_urls")
def register_review_admin_urls():
    from cms import review_report

    return [
        path(
            "learning/review/",
            include((review_report.urlpatterns, "learning_review"), namespace="learning_review"),
        )
    ]


@hooks.register("register_reports_menu_item")
def register_review_report():
    return PermissionMenuItem(
        _("Lessons due for review"),
        reverse("learning_review:due"),
        icon_name="doc-full",
        order=1210,
        permission="cms.review_lesson",
    )


@hooks.register("insert_editor_js")
def name_rich_text_boxes():
    """Give Draftail's rich-text boxes an accessible name (axe: aria-input-field-name)."""
    return format_html('<script src="{}" defer></script>', static("cms/draftail-names.js"))
