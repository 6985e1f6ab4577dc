"""The deletion-request queue: a manager of the person's area approves or refuses (UU PDP).

Approving runs ``privacy.services.approve_deletion``; the view never writes itself. The retention
rules (``privacy.retention.RULES``) are shown on every request so the manager sees what happens.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView

from incubator.scope import Scope
from privacy import services
from privacy.forms import DecisionNoteForm
from privacy.models import DeletionRequest
from privacy.retention import RULES
from workspace.views import ObjectActionView
from workspace.viewsets import WorkspaceModelViewSet


class DeletionRequestIndexView(IndexView):
    def get_base_queryset(self):
        return DeletionRequest.objects.select_related("user", "decided_by")


class DeletionRequestActionsView(ObjectActionView):
    model = DeletionRequest

    def get_queryset(self):
        return DeletionRequest.objects.select_related("user", "decided_by")

    def get_summary(self):
        r = self.object
        rows = [
            (_("Person"), r.user),
            (_("Requested"), r.requested_at),
            (_("Reason"), r.reason or "—"),
            (_("Status"), r.get_status_display()),
            (_("Decided by"), r.decided_by or "—"),
            (_("Note"), r.decision_note or "—"),
        ]
        rows += [(rule.label, rule.explanation) for rule in RULES]
        return rows

    def get_actions(self):
        r, user = self.object, self.request.user
        if r.status != DeletionRequest.Status.PENDING:
            return []
        return [
            {
                "name": "approve",
                "label": _("Approve: delete and anonymise"),
                "danger": True,
                "done": _("The person's data is deleted or anonymised as the rules say."),
                "run": lambda data: services.approve_deletion(r, by=user),
            },
            {
                "name": "refuse",
                "label": _("Refuse"),
                "form_class": DecisionNoteForm,
                "form": DecisionNoteForm(),
                "done": _("The request is refused; the person sees your reason."),
                "run": lambda data: services.refuse_deletion(r, by=user, note=data["note"]),
            },
        ]


class DeletionRequestViewSet(WorkspaceModelViewSet):
    model = DeletionRequest
    name = "deletion_requests"
    icon = "bin"
    menu_label = _("Deletion requests")
    index_view_class = DeletionRequestIndexView
    creatable = False
    form_fields = ["decision_note"]  # unused: the edit view is the actions page above
    search_fields = ["user__full_name"]
    search_backend_name = None
    list_filter = ["status"]
    list_display = [
        "user",
        "requested_at",
        Column("get_status_display", label=_("Status"), sort_key="status"),
        "decided_by",
    ]
    list_export = ["user.full_name", "requested_at", "get_status_display", "decided_at"]

    def scope_q(self, scope: Scope) -> Q:
        return scope.profile_q("user__entrepreneur_profile__")

    @property
    def edit_view(self):
        return self.construct_view(
            DeletionRequestActionsView,
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
            page_subtitle=_("Deletion requests"),
        )


@hooks.register("register_admin_viewset")
def register_deletion_requests():
    return DeletionRequestViewSet()


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    actions.register_action(
        "tumbuh.deletion_approved", _("Deletion request approved"), _("Deletion approved")
    )
    actions.register_action("tumbuh.deletion_refused", _("Deletion request refused"), _("Deletion refused"))
