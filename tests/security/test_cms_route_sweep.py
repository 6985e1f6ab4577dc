"""Every /cms/ route, as every role, with objects inside and outside the manager's area.

The routes come from Django's URL resolver, not from a list kept by hand: a route that appears
(a Wagtail upgrade, a new Tumbuh screen) and has no entry in ``RULES`` fails the test by name.

What Wagtail does with a refusal, pinned here:

* ``login``: anonymous people, and signed-in people without admin access (entrepreneurs,
  companions), are sent to the sign-in page (302);
* ``home``: an admin user without the permission a Wagtail view checks is sent to the admin home
  with a message (302 to /cms/); Tumbuh's ``PermissionRequiredMixin`` views do the same (Wagtail
  turns their ``PermissionDenied`` into that redirect);
* ``403``: a refusal raised before the view (the bulk-action check of the admin middleware);
* ``404``: an object outside the area, or a route a role must not know about (site history for
  regional managers, user pages of people out of reach).

Allowed means 200, or a redirect that is not a refusal. Out-of-area people's names never appear in
a body, for every role but the national manager, and a refused POST changes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from accounts.models import User
from complaints.models import Complaint
from incubator.models import Assistance, CompanionAssignment, EntrepreneurProfile, PromotionRequest
from tests.security.sweep_world import ROLES, build_world

OBSERVE = os.environ.get("TUMBUH_SWEEP_OBSERVE") == "1"


# ---------------------------------------------------------------- the routes


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the pattern for an unnamed route
    pattern: str
    params: tuple[str, ...]


@cache
def cms_routes() -> tuple[Route, ...]:
    """Walked once per process: the URL configuration does not change while the tests run."""
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
                continue
            assert isinstance(entry, URLPattern)
            pattern = prefix + str(entry.pattern)
            if not pattern.startswith("cms/"):
                continue
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or pattern
            converters = getattr(entry.pattern, "converters", None) or {}
            params = tuple(converters) or tuple(entry.pattern.regex.groupindex)
            found.append(Route(name, pattern, params))

    walk(get_resolver().url_patterns, "", None)
    return tuple(found)


# ---------------------------------------------------------------- filling in path parameters

# The kind of object a ``pk`` names, per URL namespace. A kind in ``AREA_KINDS`` is taken from the
# side (inside / outside the area) being requested; the others are program-wide or content.
PK_KINDS = {
    "workspace_entrepreneurs": "profile",
    "workspace_participants": "profile",
    "workspace_imports": "job",
    "workspace_assignments": "assignment",
    "workspace_assistance": "assistance",
    "workspace_deletion_requests": "deletion",
    "workspace_milestones": "milestone",
    "workspace_cohorts": "cohort",
    "workspace_companions": "companion",
    "workspace_income_thresholds": "threshold",
    "workspace_regions": "region",
    "workspace_milestone_templates": "template",
    "workspace_promotions": "promotion",
    "workspace_placements": "placement",
    "workspace_intake_aspects": "aspect",
    "complaints_admin": "complaint",
    "mentoring_admin": "conversation",
    "wagtailusers_users": "user",
    "wagtailusers_groups": "group",
    "wagtailsites": "site",
    "wagtaillocales": "locale",
    "wagtailadmin_collections": "collection",
    "wagtailadmin_workflows": "workflow",
    "wagtailadmin_api:pages": "page",
    "wagtailadmin_api:images": "image",
    "wagtailadmin_api:documents": "document",
    "wagtaildocs_chooser": "document",
    "wagtailimages_chooser": "image",
    "wagtailsettings": "site",
}
AREA_KINDS = {
    "deletion",
    "job",
    "profile",
    "user",
    "assignment",
    "assistance",
    "promotion",
    "threshold",
    "cohort",
    "region",
    "companion",
    "milestone",
    "conversation",
    "complaint",
    "placement",
}
# Other parameters, by name: a kind of object, or a fixed value.
PARAM_KINDS = {
    "page_id": "page",
    "parent_page_id": "page",
    "page_to_move_id": "page",
    "destination_id": "page",
    "page_pk": "page",
    "revision_id": "revision",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "collection_id": "collection",
    "redirect_id": "redirect",
    "workflow_pk": "workflow",
    "task_id": "task",
}
FIXED = {
    "uploaded_file_id": 999999,
    "task_state_id": 999999,
    "workflow_state_id": 999999,
    "session_id": 999999,
    "workflow_pk": None,
    "filter_spec": "original",
    "token": "no-such-token",
    "action_name": "approve",
    "decision": "approve",
    "action": "close",
    "uidb64": "MQ",
    "content_type_app_name": "wagtailcore",
    "content_type_model_name": "page",
    "app_label": "wagtailcore",
    "app_name": "wagtailimages",
    "model_name": "page",
    "object_id": "1",
}
SPECIAL_URLS = {
    "cms/^.*/$": "/cms/no-such-screen/",
    "wagtailadmin_pages:revisions_compare": "/cms/pages/{page}/revisions/compare/earliest...latest/",
    "wagtailsettings:edit": "/cms/settings/wagtailcore/site/",
    "wagtailadmin_workflows:remove": "/cms/workflows/remove/{page}/",
    "wagtailadmin_tag_model_autocomplete": "/cms/tag-autocomplete/wagtailimages/image/",
    "wagtailadmin_editing_sessions:ping": "/cms/editing-sessions/ping/wagtailcore/page/{page}/999999/",
    "simple_translation:submit_snippet_translation": "/cms/translation/submit/snippet/wagtailcore/site/{site}/",
    "wagtailadmin_password_reset_confirm": "/cms/password_reset/confirm/MQ/set-password/",
    "cms/test404/": "/cms/test404/",
    # The sweep world holds no pillar records: an id that names none (the area tests of
    # tests/pillars/test_admin.py open real records inside and outside the area).
    "pillars_admin:bimtek_detail": "/cms/pillars/bimtek/999999/",
    "pillars_admin:bimtek_photo": "/cms/pillars/bimtek/999999/attendance-list/",
    "pillars_admin:session_verify": "/cms/pillars/sessions/999999/verify/",
    "pillars_admin:session_photo": "/cms/pillars/sessions/999999/photos/999999/",
    "workspace_pillar_organisations:edit": "/cms/workspace/pillar_organisations/edit/999999/",
    "workspace_pillar_organisations:delete": "/cms/workspace/pillar_organisations/delete/999999/",
    "workspace_pillar_organisations:history": "/cms/workspace/pillar_organisations/history/999999/",
    "workspace_pillar_organisations:history_results": "/cms/workspace/pillar_organisations/history-results/999999/",
    "workspace_pillar_organisations:usage": "/cms/workspace/pillar_organisations/usage/999999/",
}


def kind_of(route: Route, param: str) -> str | None:
    if param == "pk":
        namespace = route.name.rsplit(":", 1)[0]
        return PK_KINDS.get(namespace)
    return PARAM_KINDS.get(param)


def url_for(route: Route, world, side) -> str:
    if route.name in SPECIAL_URLS:
        return SPECIAL_URLS[route.name].format(**world.shared)
    kwargs = {}
    for param in route.params:
        kind = kind_of(route, param)
        if kind in AREA_KINDS:
            kwargs[param] = side.get(kind)
        elif kind is not None:
            kwargs[param] = world.shared[kind]
        else:
            kwargs[param] = FIXED[param]
    return reverse(route.name, kwargs=kwargs)


def uses_area(route: Route) -> bool:
    return any(kind_of(route, p) in AREA_KINDS for p in route.params)


# ---------------------------------------------------------------- requests and outcomes


def outcome(response) -> str:
    """``ok`` / ``redirect`` (allowed), or the refusal: ``login``, ``home``, ``403``, ``404``, ..."""
    status = response.status_code
    if status in (301, 302):
        location = response["Location"].split("?")[0]
        if "/login/" in location:
            return "login"
        if location in ("/cms/", "/"):
            return "home"
        return "redirect"
    if status == 200:
        return "ok"
    return str(status)


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def fingerprint(world) -> tuple:
    """Everything a refused write could have changed outside the area."""
    gamma = world.areas.gamma
    person = User.objects.get(pk=gamma.profile.user_id)
    return (
        person.is_active,
        person.is_superuser,
        tuple(sorted(person.groups.values_list("name", flat=True))),
        EntrepreneurProfile.objects.filter(pk=gamma.profile.pk).values_list("business_name", "tier").first(),
        CompanionAssignment.objects.filter(pk=gamma.assignment.pk).values_list("ended_at").first(),
        Assistance.objects.filter(pk=gamma.assistance.pk).values_list("status").first(),
        PromotionRequest.objects.filter(pk=gamma.promotion.pk).values_list("decided_at").first(),
        Complaint.objects.filter(pk=world.outside.complaint.pk).values_list("status", "handler_id").first(),
        User.objects.filter(is_active=False).count(),
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, inside a transaction rolled back at its end; each test runs in a
    savepoint of it (the ``db`` fixture)."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


# ---------------------------------------------------------------- the rules

ADMIN_ROLES = ("regency", "province", "national", "none", "editor", "safeguarding")
NO_ADMIN_ROLES = ("mentor", "social", "entrepreneur", "anonymous")
ALLOWED = {"OK", "RD"}
CODES = {"OK": "ok", "RD": "redirect", "LI": "login", "HM": "home"}

# What each admin role gets, in the order of ADMIN_ROLES: one string for a route without an object
# of an area, or (inside the area, outside it) for a route naming one. OK = 200, RD = a redirect
# that is not a refusal, LI = sign-in page, HM = admin home (Wagtail's "no permission"), 403/404/405.
# People without admin access (NO_ADMIN_ROLES) get LI everywhere but on PUBLIC routes.
# Pages, images and documents are national learning content: every manager and content editor
# works on them, whatever their area; the safeguarding officer does not (HM).
RULES = {
    "cms_login": "LI LI LI LI LI LI",
    "wagtailadmin_home": "OK OK OK OK OK OK",
    "wagtailadmin_api:pages:listing": "OK OK OK OK OK OK",
    "wagtailadmin_api:pages:detail": "OK OK OK OK OK 404",
    "wagtailadmin_api:pages:find": "404 404 404 404 404 404",
    "wagtailadmin_api:pages:action": "405 405 405 405 405 405",
    "wagtailadmin_api:documents:listing": "OK OK OK OK OK OK",
    "wagtailadmin_api:documents:detail": "OK OK OK OK OK OK",
    "wagtailadmin_api:documents:find": "404 404 404 404 404 404",
    "wagtailadmin_api:images:listing": "OK OK OK OK OK OK",
    "wagtailadmin_api:images:detail": "OK OK OK OK OK OK",
    "wagtailadmin_api:images:find": "404 404 404 404 404 404",
    "wagtailadmin_explore_root": "OK OK OK OK OK HM",
    "wagtailadmin_explore": "OK OK OK OK OK HM",
    "wagtailadmin_explore_results": "OK OK OK OK OK HM",
    "wagtailadmin_pages:add": "HM HM HM HM HM HM",
    "wagtailadmin_pages:preview_on_add": "OK OK OK OK OK HM",
    "wagtailadmin_pages:type_use": "OK OK OK OK OK HM",
    "wagtailadmin_pages:choose_parent": "OK OK OK OK OK OK",
    "wagtailadmin_pages:type_use_results": "OK OK OK OK OK HM",
    "wagtailadmin_pages:usage": "OK OK OK OK OK HM",
    "wagtailadmin_pages:edit": "OK OK OK OK OK HM",
    "wagtailadmin_pages:preview_on_edit": "OK OK OK OK OK HM",
    "wagtailadmin_pages:view_draft": "OK OK OK OK OK HM",
    "wagtailadmin_pages:add_subpage": "RD RD RD RD RD HM",
    "wagtailadmin_pages:delete": "OK OK OK OK OK HM",
    "wagtailadmin_pages:unpublish": "OK OK OK OK OK HM",
    "wagtailadmin_pages:convert_alias": "404 404 404 404 404 404",
    "wagtailadmin_pages:search": "OK OK OK OK OK HM",
    "wagtailadmin_pages:search_results": "OK OK OK OK OK HM",
    "wagtailadmin_pages:move": "OK OK OK OK OK HM",
    "wagtailadmin_pages:move_confirm": "OK OK OK OK OK OK",
    "wagtailadmin_pages:set_page_position": "OK OK OK OK OK HM",
    "wagtailadmin_pages:copy": "OK OK OK OK OK HM",
    "wagtailadmin_pages:workflow_action": "404 404 404 404 404 404",
    "wagtailadmin_pages:collect_workflow_action_data": "404 404 404 404 404 404",
    "wagtailadmin_pages:confirm_workflow_cancellation": "OK OK OK OK OK OK",
    "wagtailadmin_pages:workflow_preview": "HM HM HM HM HM HM",
    "wagtailadmin_pages:set_privacy": "OK OK OK OK OK HM",
    "wagtailadmin_pages:lock": "405 405 405 405 405 405",
    "wagtailadmin_pages:unlock": "405 405 405 405 405 405",
    "wagtailadmin_pages:revisions_index": "RD RD RD RD RD RD",
    "wagtailadmin_pages:revisions_view": "OK OK OK OK OK HM",
    "wagtailadmin_pages:revisions_revert": "OK OK OK OK OK HM",
    "wagtailadmin_pages:revisions_unschedule": "OK OK OK OK OK HM",
    "wagtailadmin_pages:revisions_compare": "OK OK OK OK OK HM",
    "wagtailadmin_pages:workflow_history": "OK OK OK OK OK HM",
    "wagtailadmin_pages:workflow_history_detail": "404 404 404 404 404 HM",
    "wagtailadmin_pages:history": "OK OK OK OK OK HM",
    "wagtailadmin_pages:history_results": "OK OK OK OK OK HM",
    "wagtailadmin_choose_page": "OK OK OK OK OK OK",
    "wagtailadmin_choose_page_child": "OK OK OK OK OK OK",
    "wagtailadmin_choose_page_search": "OK OK OK OK OK OK",
    "wagtailadmin_choose_page_chosen_multiple": "OK OK OK OK OK OK",
    "wagtailadmin_choose_page_external_link": "OK OK OK OK OK OK",
    "wagtailadmin_choose_page_email_link": "OK OK OK OK OK OK",
    "wagtailadmin_choose_page_phone_link": "OK OK OK OK OK OK",
    "wagtailadmin_choose_page_anchor_link": "OK OK OK OK OK OK",
    "wagtailadmin_tag_autocomplete": "OK OK OK OK OK OK",
    "wagtailadmin_tag_model_autocomplete": "404 404 404 404 404 404",
    "wagtailadmin_collections:index": "HM HM HM HM HM HM",
    "wagtailadmin_collections:add": "HM HM HM HM HM HM",
    "wagtailadmin_collections:edit": "HM HM HM HM HM HM",
    "wagtailadmin_collections:delete": "404 404 404 404 404 404",
    "wagtailadmin_collections:set_privacy": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:index": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:index_results": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:add": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:enable": "405 405 405 405 405 405",
    "wagtailadmin_workflows:disable": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:edit": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:usage": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:usage_results": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:remove": "405 405 405 405 405 405",
    "wagtailadmin_workflows:add_task": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:select_task_type": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:task_index": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:task_index_results": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:edit_task": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:disable_task": "HM HM HM HM HM HM",
    "wagtailadmin_workflows:enable_task": "405 405 405 405 405 405",
    "wagtailadmin_workflows:task_chooser": "OK OK OK OK OK OK",
    "wagtailadmin_workflows:task_chooser_results": "OK OK OK OK OK OK",
    "wagtailadmin_workflows:task_chooser_create": "OK OK OK OK OK OK",
    "wagtailadmin_workflows:task_chosen": "OK OK OK OK OK OK",
    "wagtailadmin_reports:locked_pages": "OK OK OK OK OK HM",
    "wagtailadmin_reports:locked_pages_results": "OK OK OK OK OK HM",
    "wagtailadmin_reports:workflow": "OK OK OK OK OK HM",
    "wagtailadmin_reports:workflow_results": "OK OK OK OK OK HM",
    "wagtailadmin_reports:workflow_tasks": "OK OK OK OK OK HM",
    "wagtailadmin_reports:workflow_tasks_results": "OK OK OK OK OK HM",
    "wagtailadmin_reports:site_history": "404 404 OK 404 OK 404",
    "wagtailadmin_reports:site_history_results": "404 404 OK 404 OK 404",
    "wagtailadmin_reports:aging_pages": "OK OK OK OK OK HM",
    "wagtailadmin_reports:aging_pages_results": "OK OK OK OK OK HM",
    "wagtailadmin_reports:page_types_usage": "OK OK OK OK OK HM",
    "wagtailadmin_reports:page_types_usage_results": "OK OK OK OK OK HM",
    "wagtailadmin_account": "OK OK OK OK OK OK",
    "wagtailadmin_dismissibles": "OK OK OK OK OK OK",
    "wagtailadmin_editing_sessions:ping": "405 405 405 405 405 405",
    "wagtailadmin_editing_sessions:release": "405 405 405 405 405 405",
    "wagtailadmin_block_preview": "404 404 404 404 404 404",
    "mentoring_admin:conversations": "OK OK OK OK HM HM",
    "mentoring_admin:conversations_results": "OK OK OK OK HM HM",
    "mentoring_admin:conversation_content": ("HM HM HM HM HM HM", "HM HM HM HM HM HM"),
    "mentoring_admin:quiet_pairs": "OK OK OK OK HM HM",
    "mentoring_admin:quiet_pairs_results": "OK OK OK OK HM HM",
    "mentoring_admin:workload": "OK OK OK OK HM HM",
    "mentoring_admin:workload_results": "OK OK OK OK HM HM",
    "mentoring_admin:access_log": "OK OK OK OK HM HM",
    "mentoring_admin:access_log_results": "OK OK OK OK HM HM",
    "learning_admin:completion": "OK OK OK OK HM HM",
    "learning_admin:completion_results": "OK OK OK OK HM HM",
    "learning_review:due": "OK OK OK OK HM HM",
    "learning_review:due_results": "OK OK OK OK HM HM",
    "notifications_delivery_failures": "OK OK OK OK HM HM",
    "notifications_delivery_failures_results": "OK OK OK OK HM HM",
    "wagtailforms:index": "OK OK OK OK OK HM",
    "wagtailforms:index_results": "OK OK OK OK OK HM",
    "wagtailforms:list_submissions": "404 404 404 404 404 404",
    "wagtailforms:list_submissions_results": "404 404 404 404 404 404",
    "wagtailforms:delete_submissions": "HM HM HM HM HM HM",
    "wagtailredirects:index": "HM HM HM HM HM HM",
    "wagtailredirects:index_results": "HM HM HM HM HM HM",
    "wagtailredirects:add": "HM HM HM HM HM HM",
    "wagtailredirects:edit": "HM HM HM HM HM HM",
    "wagtailredirects:delete": "HM HM HM HM HM HM",
    "wagtailredirects:start_import": "HM HM HM HM HM HM",
    "wagtailredirects:process_import": "HM HM HM HM HM HM",
    "wagtailsettings:edit": "404 404 404 404 404 404",
    "wagtailsettings:preview_on_edit": "404 404 404 404 404 404",
    "simple_translation:submit_page_translation": "OK OK OK OK HM HM",
    "simple_translation:submit_snippet_translation": "404 404 404 404 HM HM",
    "wagtailembeds:chooser": "OK OK OK OK OK OK",
    "wagtailembeds:chooser_upload": "OK OK OK OK OK OK",
    "wagtailsnippets:index": "HM HM HM HM HM HM",
    "wagtaildocs:index": "OK OK OK OK OK HM",
    "wagtaildocs:index_results": "OK OK OK OK OK HM",
    "wagtaildocs:add": "OK OK OK OK OK HM",
    "wagtaildocs:edit": "HM HM HM HM HM HM",
    "wagtaildocs:delete": "HM HM HM HM HM HM",
    "wagtaildocs:add_multiple": "OK OK OK OK OK HM",
    "wagtaildocs:edit_multiple": "405 405 405 405 405 405",
    "wagtaildocs:create_multiple_from_uploaded_document": "405 405 405 405 405 405",
    "wagtaildocs:delete_multiple": "405 405 405 405 405 405",
    "wagtaildocs:delete_upload_multiple": "405 405 405 405 405 405",
    "wagtaildocs:document_usage": "HM HM HM HM HM HM",
    "wagtailimages:index": "OK OK OK OK OK HM",
    "wagtailimages:index_results": "OK OK OK OK OK HM",
    "wagtailimages:edit": "HM HM HM HM HM HM",
    "wagtailimages:delete": "HM HM HM HM HM HM",
    "wagtailimages:url_generator": "404 404 404 404 404 404",
    "wagtailimages:url_generator_output": "404 404 404 404 404 404",
    "wagtailimages:preview": "HM HM HM HM HM HM",
    "wagtailimages:add": "OK OK OK OK OK HM",
    "wagtailimages:image_usage": "HM HM HM HM HM HM",
    "wagtailimages:add_multiple": "OK OK OK OK OK HM",
    "wagtailimages:edit_multiple": "405 405 405 405 405 405",
    "wagtailimages:create_multiple_from_uploaded_image": "405 405 405 405 405 405",
    "wagtailimages:delete_multiple": "405 405 405 405 405 405",
    "wagtailimages:delete_upload_multiple": "405 405 405 405 405 405",
    "workspace_promotions:index": "OK OK OK OK HM HM",
    "workspace_promotions:index_results": "OK OK OK OK HM HM",
    "workspace_promotions:confirm": ("OK OK OK 404 HM HM", "404 404 OK 404 HM HM"),
    "workspace_promotions:decide": ("405 405 405 405 405 405", "405 405 405 405 405 405"),
    "workspace_entrepreneurs:index": "OK OK OK OK HM HM",
    "workspace_entrepreneurs:index_results": "OK OK OK OK HM HM",
    "workspace_entrepreneurs:edit": ("OK OK OK 404 HM HM", "404 404 OK 404 HM HM"),
    "workspace_entrepreneurs:delete": ("HM HM HM 404 404 HM", "404 404 HM 404 404 404"),
    "workspace_entrepreneurs:history": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_entrepreneurs:history_results": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_entrepreneurs:usage": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_entrepreneurs:inspect": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_participants:record": ("OK OK OK 404 HM HM", "404 404 OK 404 HM HM"),
    # Exit, return and reopened support from the record: a family not out / without a flag is sent
    # back to its record (RD) with the reason.
    "workspace_participants:exit": ("OK OK OK 404 HM HM", "404 404 OK 404 HM HM"),
    "workspace_participants:re_entry": ("RD RD RD 404 HM HM", "404 404 RD 404 HM HM"),
    "workspace_participants:reopen_support": ("RD RD RD 404 HM HM", "404 404 RD 404 HM HM"),
    "workspace_assignments:index": "OK OK OK OK HM HM",
    "workspace_assignments:index_results": "OK OK OK OK HM HM",
    "workspace_assignments:add": "OK OK OK OK HM HM",
    "workspace_assignments:edit": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_assignments:delete": ("HM HM HM 404 404 HM", "404 404 HM 404 404 404"),
    "workspace_assignments:history": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_assignments:history_results": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_assignments:usage": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_assistance:index": "OK OK OK OK HM HM",
    "workspace_assistance:index_results": "OK OK OK OK HM HM",
    "workspace_assistance:add": "OK OK OK OK HM HM",
    "workspace_assistance:edit": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_assistance:delete": ("HM HM HM 404 404 HM", "404 404 HM 404 404 404"),
    "workspace_assistance:history": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_assistance:history_results": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_assistance:usage": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_assistance:proof": ("404 404 404 404 HM HM", "404 404 404 404 HM HM"),
    "workspace_budgets:index": "OK OK OK OK HM HM",
    # Deletion requests (privacy): managers of the person's area decide; nobody deletes the request.
    "workspace_deletion_requests:index": "OK OK OK OK HM HM",
    "workspace_deletion_requests:index_results": "OK OK OK OK HM HM",
    "workspace_deletion_requests:edit": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_deletion_requests:delete": ("HM HM HM 404 404 HM", "404 404 HM 404 404 404"),
    "workspace_deletion_requests:history": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_deletion_requests:history_results": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_deletion_requests:usage": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_milestones:index": "OK OK OK OK HM HM",
    "workspace_milestones:index_results": "OK OK OK OK HM HM",
    "workspace_milestones:delete": ("HM HM HM 404 404 HM", "404 404 HM 404 404 404"),
    "workspace_milestones:history": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_milestones:history_results": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_milestones:usage": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_placements:index": "OK OK OK OK HM HM",
    "workspace_placements:confirm": ("OK OK OK 404 HM HM", "404 404 OK 404 HM HM"),
    "workspace_intake_aspects:index": "OK OK OK OK HM HM",
    "workspace_intake_aspects:index_results": "OK OK OK OK HM HM",
    "workspace_intake_aspects:add": "HM HM OK HM HM HM",
    "workspace_intake_aspects:edit": "HM HM OK HM HM HM",
    "workspace_intake_aspects:delete": "HM HM HM HM HM HM",
    "workspace_intake_aspects:history": "OK OK OK OK HM HM",
    "workspace_intake_aspects:history_results": "OK OK OK OK HM HM",
    "workspace_intake_aspects:usage": "OK OK OK OK HM HM",
    "workspace_import:index": "OK OK OK OK HM HM",
    "workspace_import:template_csv": "OK OK OK OK HM HM",
    "workspace_import:template_xlsx": "OK OK OK OK HM HM",
    # Import jobs: managers see the jobs started in their area (a manager without one: none).
    "workspace_imports:index": "OK OK OK OK HM HM",
    "workspace_imports:job": ("OK OK OK 404 HM HM", "404 404 OK 404 HM HM"),
    "workspace_imports:status": ("OK OK OK 404 HM HM", "404 404 OK 404 HM HM"),
    "workspace_imports:errors": ("OK OK OK 404 HM HM", "404 404 OK 404 HM HM"),
    # The sweep's jobs are imports: no export file to download, for anybody.
    "workspace_imports:result": ("404 404 404 404 HM HM", "404 404 404 404 HM HM"),
    "workspace_imports:export": "405 405 405 405 HM HM",
    "workspace_report:index": "OK OK OK OK HM HM",
    "workspace_report:results": "OK OK OK OK HM HM",
    "workspace_cohorts:index": "OK OK OK OK HM HM",
    "workspace_cohorts:index_results": "OK OK OK OK HM HM",
    "workspace_cohorts:add": "OK OK OK OK HM HM",
    "workspace_cohorts:edit": ("OK OK OK 404 HM HM", "404 404 OK 404 HM HM"),
    "workspace_cohorts:delete": ("HM HM HM 404 404 HM", "404 404 HM 404 404 404"),
    "workspace_cohorts:history": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_cohorts:history_results": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_cohorts:usage": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_companions:index": "OK OK OK OK HM HM",
    "workspace_companions:index_results": "OK OK OK OK HM HM",
    "workspace_companions:add": "OK OK OK OK HM HM",
    "workspace_companions:edit": ("OK OK OK 404 HM HM", "404 404 OK 404 HM HM"),
    "workspace_companions:delete": ("HM HM HM 404 404 HM", "404 404 HM 404 404 404"),
    "workspace_companions:history": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_companions:history_results": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_companions:usage": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_milestone_templates:index": "OK OK OK OK HM HM",
    "workspace_milestone_templates:index_results": "OK OK OK OK HM HM",
    "workspace_milestone_templates:add": "HM HM OK HM HM HM",
    "workspace_milestone_templates:edit": "HM HM OK HM HM HM",
    "workspace_milestone_templates:delete": "HM HM HM HM HM HM",
    "workspace_milestone_templates:history": "OK OK OK OK HM HM",
    "workspace_milestone_templates:history_results": "OK OK OK OK HM HM",
    "workspace_milestone_templates:usage": "OK OK OK OK HM HM",
    "workspace_income_thresholds:index": "OK OK OK OK HM HM",
    "workspace_income_thresholds:index_results": "OK OK OK OK HM HM",
    "workspace_income_thresholds:add": "OK OK OK OK HM HM",
    "workspace_income_thresholds:edit": ("OK OK OK 404 HM HM", "404 404 OK 404 HM HM"),
    "workspace_income_thresholds:delete": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_income_thresholds:history": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_income_thresholds:history_results": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_income_thresholds:usage": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_regions:index": "OK OK OK OK HM HM",
    "workspace_regions:index_results": "OK OK OK OK HM HM",
    "workspace_regions:add": "HM HM OK HM HM HM",
    "workspace_regions:edit": ("HM HM OK HM HM HM", "HM HM OK HM HM HM"),
    "workspace_regions:delete": ("HM HM HM 404 404 HM", "404 404 HM 404 404 404"),
    "workspace_regions:history": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_regions:history_results": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "workspace_regions:usage": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "complaints_admin:index": "OK OK OK OK HM OK",
    "complaints_admin:index_results": "OK OK OK OK HM OK",
    "complaints_admin:export": "OK OK OK OK HM OK",
    "complaints_admin:detail": ("404 404 404 404 HM OK", "404 404 404 404 HM 404"),
    "complaints_admin:act": ("405 405 405 405 405 405", "405 405 405 405 405 405"),
    "wagtaillocales:index": "HM HM HM HM HM HM",
    "wagtaillocales:index_results": "HM HM HM HM HM HM",
    "wagtaillocales:add": "HM HM HM HM HM HM",
    "wagtaillocales:edit": "HM HM HM HM HM HM",
    "wagtaillocales:delete": "HM HM HM HM HM HM",
    "wagtaillocales:history": "HM HM HM HM HM HM",
    "wagtaillocales:history_results": "HM HM HM HM HM HM",
    "wagtaillocales:usage": "HM HM HM HM HM HM",
    "wagtailsites:index": "HM HM HM HM HM HM",
    "wagtailsites:index_results": "HM HM HM HM HM HM",
    "wagtailsites:add": "HM HM HM HM HM HM",
    "wagtailsites:edit": "HM HM HM HM HM HM",
    "wagtailsites:delete": "HM HM HM HM HM HM",
    "wagtailsites:history": "HM HM HM HM HM HM",
    "wagtailsites:history_results": "HM HM HM HM HM HM",
    "wagtailsites:usage": "HM HM HM HM HM HM",
    "wagtailsites:copy": "HM HM HM HM HM HM",
    "wagtailusers_users:index": "OK OK OK OK HM HM",
    "wagtailusers_users:index_results": "OK OK OK OK HM HM",
    "wagtailusers_users:add": "OK OK OK OK HM HM",
    "wagtailusers_users:edit": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "wagtailusers_users:delete": ("HM HM HM 404 404 HM", "404 404 HM 404 404 404"),
    "wagtailusers_users:history": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "wagtailusers_users:history_results": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "wagtailusers_users:usage": ("OK OK OK 404 404 HM", "404 404 OK 404 404 404"),
    "wagtailusers_users:copy": ("OK OK OK 404 HM HM", "404 404 OK 404 HM HM"),
    "wagtailusers_groups:index": "HM HM HM HM HM HM",
    "wagtailusers_groups:index_results": "HM HM HM HM HM HM",
    "wagtailusers_groups:add": "HM HM HM HM HM HM",
    "wagtailusers_groups:edit": "HM HM HM HM HM HM",
    "wagtailusers_groups:delete": "HM HM HM HM HM HM",
    "wagtailusers_groups:history": "HM HM HM HM HM HM",
    "wagtailusers_groups:history_results": "HM HM HM HM HM HM",
    "wagtailusers_groups:usage": "HM HM HM HM HM HM",
    "wagtaildocs_chooser:choose": "OK OK OK OK OK OK",
    "wagtaildocs_chooser:choose_results": "OK OK OK OK OK OK",
    "wagtaildocs_chooser:chosen": "HM HM HM HM HM HM",
    "wagtaildocs_chooser:chosen_multiple": "OK OK OK OK OK OK",
    "wagtaildocs_chooser:create": "OK OK OK OK OK HM",
    "wagtailimages_chooser:choose": "OK OK OK OK OK OK",
    "wagtailimages_chooser:choose_results": "OK OK OK OK OK OK",
    "wagtailimages_chooser:chosen": "HM HM HM HM HM HM",
    "wagtailimages_chooser:chosen_multiple": "OK OK OK OK OK OK",
    "wagtailimages_chooser:create": "OK OK OK OK OK HM",
    "wagtailimages_chooser:select_format": "OK OK OK OK OK OK",
    "wagtailadmin_sprite": "OK OK OK OK OK OK",
    "wagtailadmin_login": "LI LI LI LI LI LI",
    "wagtailadmin_password_reset": "OK OK OK OK OK OK",
    "wagtailadmin_password_reset_done": "OK OK OK OK OK OK",
    "wagtailadmin_password_reset_confirm": "OK OK OK OK OK OK",
    "wagtailadmin_password_reset_complete": "OK OK OK OK OK OK",
    "wagtailadmin_javascript_catalog": "OK OK OK OK OK OK",
    "cms/^.*/$": "404 404 404 404 404 404",
    "pillars_admin:bimtek": "OK OK OK OK HM HM",
    "pillars_admin:bimtek_detail": "404 404 404 404 HM HM",
    "pillars_admin:bimtek_photo": "404 404 404 404 HM HM",
    "pillars_admin:sessions": "OK OK OK OK HM HM",
    "pillars_admin:session_verify": "405 405 405 405 HM HM",
    "pillars_admin:session_photo": "404 404 404 404 HM HM",
    "pillars_admin:board": "OK OK OK 404 HM HM",
    "pillars_admin:cascade": "OK OK OK OK HM HM",
    "workspace_pillar_organisations:index": "OK OK OK OK HM HM",
    "workspace_pillar_organisations:index_results": "OK OK OK OK HM HM",
    "workspace_pillar_organisations:add": "OK OK OK OK HM HM",
    "workspace_pillar_organisations:edit": "404 404 404 404 HM HM",
    "workspace_pillar_organisations:delete": "404 404 404 404 404 404",
    "workspace_pillar_organisations:history": "404 404 404 404 404 404",
    "workspace_pillar_organisations:history_results": "404 404 404 404 404 404",
    "workspace_pillar_organisations:usage": "404 404 404 404 404 404",
}

RULES.update(
    {
        "cms/test404/": "OK OK OK OK OK OK",  # Wagtail's own 404 page, rendered
        # Not requested: signs the person out, or raises an error on purpose (Wagtail's self-test).
        "wagtailadmin_logout": "SKIP",
        "wagtailadmin_error_test": "SKIP",
        # Expanded below: every registered bulk action of every model (BULK_RULES).
        "wagtail_bulk_action": "BULK",
    }
)
# Routes anyone may open, signed in or not, and what they answer.
PUBLIC = {
    "cms_login": "LI",
    "wagtailadmin_login": "LI",
    "wagtailadmin_sprite": "OK",
    "wagtailadmin_password_reset": "OK",
    "wagtailadmin_password_reset_done": "OK",
    "wagtailadmin_password_reset_confirm": "OK",
    "wagtailadmin_password_reset_complete": "OK",
    "wagtailadmin_javascript_catalog": "OK",
}


def expected(route: Route, role: str, side: str) -> str:
    rule = RULES[route.name]
    if role in NO_ADMIN_ROLES:
        # Signed in without admin access: the "Not allowed" page (403), never Wagtail's sign-in
        # page, which would send them straight back (issue 15, C2). Visitors go to sign in.
        if role == "anonymous":
            return PUBLIC.get(route.name, "LI")
        return "LI" if route.name in ("cms_login", "wagtailadmin_login") else "403"
    if isinstance(rule, tuple):
        rule = rule[0 if side == "in" else 1]
    return rule.split()[ADMIN_ROLES.index(role)]


def test_every_cms_route_has_a_rule():
    missing = [route for route in cms_routes() if route.name not in RULES]
    assert not missing, "\n".join(
        f"new /cms/ route {route.pattern!r} ({route.name}) has no rule: add it to RULES" for route in missing
    )
    stale = set(RULES) - {route.name for route in cms_routes()}
    assert not stale, f"RULES names routes that no longer exist: {sorted(stale)}"


def _check(
    client, world, role: str, route: Route, side_name: str, side, problems: list[str], untouched
) -> None:
    url = url_for(route, world, side)
    want = expected(route, role, side_name)
    response = client.get(url)
    got = outcome(response)
    if got != CODES.get(want, want):
        problems.append(f"GET {url} as {role}: {got}, expected {want} ({route.name})")
    if role != "national" and got in ("ok", "redirect"):
        body = body_of(response)
        for name in world.outside.names:
            if name in body:
                problems.append(f"GET {url} as {role} shows {name!r} from outside the area")
    # A write refused by GET must be refused by POST too, and change nothing. A POST-only route
    # (405 to GET) outside the area is refused to all but the national manager.
    post_refused = want not in ALLOWED and (want != "405" or role != "national")
    if side_name == "out" and post_refused:
        posted = outcome(client.post(url, {}))
        if posted in ("ok", "redirect") and posted != CODES.get(PUBLIC.get(route.name, ""), ""):
            problems.append(f"POST {url} as {role}: {posted}, expected a refusal ({route.name})")
        # Compared with the state at the start of the test, not just before this POST: a change made
        # by any earlier request of the sweep (GET included) is caught too, with one reading per POST.
        now = fingerprint(world)
        if now != untouched[0]:
            problems.append(
                f"POST {url} as {role} changed data outside the area (or a request before it did)"
            )
            untouched[0] = now


@pytest.mark.parametrize("role", ROLES)
def test_every_cms_route_answers_each_role_by_the_rules(client, db, world, role):
    user = world.people[role]
    if user is not None:
        client.force_login(user)
    problems: list[str] = []
    untouched = [fingerprint(world)]
    for route in cms_routes():
        rule = RULES.get(route.name)
        assert rule is not None, f"new /cms/ route {route.pattern!r} has no rule: add it to RULES"
        if rule in ("SKIP", "BULK"):
            continue
        sides = [("in", world.inside), ("out", world.outside)] if isinstance(rule, tuple) else [("-", None)]
        for side_name, side in sides:
            _check(client, world, role, route, side_name, side or world.inside, problems, untouched)
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- bulk actions, every model

# "app_label/model_name/action" -> what each admin role gets (ADMIN_ROLES order) for an object
# outside the area (a user of Klaten) or a shared content object (the home page, an image, a
# document). Every registered bulk action must be listed: a new one fails the test by name.
BULK_RULES = {
    "accounts/user/assign_role": "404 404 OK 404 HM HM",
    "accounts/user/set_active_state": "404 404 OK 404 HM HM",
    "accounts/user/delete": "404 404 OK 404 HM HM",
    "wagtailcore/page/delete": "OK OK OK OK OK OK",
    "wagtailcore/page/move": "OK OK OK OK OK OK",
    "wagtailcore/page/publish": "OK OK OK OK OK OK",
    "wagtailcore/page/unpublish": "OK OK OK OK OK OK",
    "wagtailimages/image/add_tags": "OK OK OK OK OK OK",
    "wagtailimages/image/add_to_collection": "OK OK OK OK OK OK",
    "wagtailimages/image/delete": "OK OK OK OK OK OK",
    "wagtaildocs/document/add_tags": "OK OK OK OK OK OK",
    "wagtaildocs/document/add_to_collection": "OK OK OK OK OK OK",
    "wagtaildocs/document/delete": "OK OK OK OK OK OK",
    # The bulk assignment of a companion to families (workspace.participant_bulk_actions).
    "incubator/entrepreneurprofile/assign_companion": "404 404 OK 404 403 403",
}
BULK_IDS = {
    "accounts/user": "user",
    "wagtailcore/page": "page",
    "wagtailimages/image": "image",
    "incubator/entrepreneurprofile": "profile",
}


def registered_bulk_actions() -> list[str]:
    bulk_action_registry._scan_for_bulk_actions()
    return sorted(
        f"{app}/{model}/{action}"
        for app, models in bulk_action_registry.actions.items()
        for model, actions in models.items()
        for action in actions
    )


def test_every_bulk_action_has_a_rule():
    missing = [key for key in registered_bulk_actions() if key not in BULK_RULES]
    assert not missing, "\n".join(
        f"new /cms/ route /cms/bulk/{key}/ has no rule: add it to BULK_RULES" for key in missing
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_bulk_action_answers_each_role_by_the_rules(client, db, world, role):
    user = world.people[role]
    if user is not None:
        client.force_login(user)
    problems: list[str] = []
    outsider = world.outside.area.profile.user
    for key in registered_bulk_actions():
        model = key.rsplit("/", 1)[0]
        kind = BULK_IDS.get(model, "document")
        if kind == "user":
            pk = outsider.pk
        elif kind == "profile":
            pk = world.areas.gamma.profile.pk
        else:
            pk = world.shared[kind]
        url = f"/cms/bulk/{key}/?id={pk}"
        if role in NO_ADMIN_ROLES:
            want = "LI" if role == "anonymous" else "403"  # signed in without admin access: "Not allowed"
        else:
            want = BULK_RULES[key].split()[ADMIN_ROLES.index(role)]
        response = client.get(url)
        got = outcome(response)
        if got != CODES.get(want, want):
            problems.append(f"GET {url} as {role}: {got}, expected {want}")
        if role != "national" and outsider.full_name in body_of(response):
            problems.append(f"GET {url} as {role} names {outsider.full_name!r}")
        if kind in ("user", "profile") and want not in ALLOWED:
            before = fingerprint(world)
            data = {"role": world.shared["group"], "mark_as_active": "False"}
            if kind == "profile":
                data = {"role": "mentor", "companion": world.inside.area.companion.pk}
            posted = outcome(client.post(url, data))
            if posted in ("ok", "redirect"):
                problems.append(f"POST {url} as {role}: {posted}, expected a refusal")
            if fingerprint(world) != before:
                problems.append(f"POST {url} as {role} changed a person outside the area")
    assert not problems, "\n".join(problems)
