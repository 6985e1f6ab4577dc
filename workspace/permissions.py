"""Who may do what in the program workspace, as Django group permissions.

``accounts.roles.sync_groups()`` reads ``ROLE_PERMISSIONS`` after every migrate and creates the
groups it names. Two groups work in the Wagtail admin:

* **Program manager** runs the program: incubator data, queues, imports, reports, and the
  learning pages too; on the learning tree they draft and submit, and only the Content reviewer
  group publishes (``cms.permissions.LearningPagePermissionTester``).
* **Content editor** writes learning content only: pages, images, documents. No participant data.

Wagtail keeps page, image and document rights per page/collection (``GroupPagePermission``,
``GroupCollectionPermission``) rather than as plain group permissions, so
``ensure_content_permissions`` grants those at the root; it is idempotent and runs after migrate.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts import roles

CONTENT_EDITOR = "Content editor"


def _model_perms(model: str, *actions: str) -> list[str]:
    return [f"incubator.{action}_{model}" for action in actions]


WORKSPACE_PERMISSIONS: list[str] = [
    *_model_perms("cohort", "view", "add", "change"),
    *_model_perms("region", "view", "add", "change"),
    *_model_perms("incomethreshold", "view", "add", "change", "delete"),
    # Profiles come from enrolment (import), never from a bare admin form: no add.
    *_model_perms("entrepreneurprofile", "view", "change"),
    *_model_perms("mentorprofile", "view", "add", "change"),
    # Assignments are created and ended through the incubator's services only.
    *_model_perms("companionassignment", "view", "add", "change"),
    *_model_perms("milestonetemplate", "view", "add", "change"),
    *_model_perms("intakeaspect", "view", "add", "change"),
    *_model_perms("milestone", "view"),
    *_model_perms("assistance", "view", "add", "change"),
    *_model_perms("promotionrequest", "view", "change"),
    *_model_perms("monthlyreport", "view"),
    *_model_perms("tierchange", "view"),
]

# Page/collection-level rights both groups receive at the root (see ensure_content_permissions).
PAGE_CODENAMES = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.MANAGER: ["wagtailadmin.access_admin", *WORKSPACE_PERMISSIONS],
    CONTENT_EDITOR: ["wagtailadmin.access_admin"],
}

CONTENT_GROUPS = (CONTENT_EDITOR, roles.MANAGER)


@transaction.atomic
def ensure_content_permissions() -> None:
    """Give content editors and program managers page, image and document rights at the root.

    Idempotent: running it twice creates nothing new. Does nothing before Wagtail's root page
    and root collection exist.
    """
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is None or root_collection is None:
        return
    page_perms = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PAGE_CODENAMES)
    )
    collection_perms = [
        perm
        for perm in Permission.objects.select_related("content_type").filter(
            codename__in=[dotted.split(".", 1)[1] for dotted in COLLECTION_PERMISSIONS]
        )
        if f"{perm.content_type.app_label}.{perm.codename}" in COLLECTION_PERMISSIONS
    ]
    for name in CONTENT_GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        for perm in page_perms:
            GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=perm)
        for perm in collection_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=perm
            )
