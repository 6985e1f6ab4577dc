"""Bulk assignment from the entrepreneurs listing: the selected families get one business mentor or
social companion (``/cms/bulk/incubator/entrepreneurprofile/assign_companion/?id=…``).

The admin middleware's bulk check (``workspace.bulk_actions``) has already refused ids outside the
manager's area (404) and people without the right to change profiles (403); the service
``incubator.services.assign_companion_to_many`` checks again and writes everything or nothing.
"""

from __future__ import annotations

from django import forms
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction

from accounts.models import User
from incubator.errors import IncubatorError
from incubator.models import CompanionRole, EntrepreneurProfile
from incubator.scope import scope_for
from incubator.services import assign_companion_to_many
from workspace.scoping import companion_users_in
from workspace.user_bulk_actions import parse_ids


class CompanionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(name)s (%(kind)s, %(left)d places left)") % {
            "name": obj,
            "kind": obj.mentor_profile.get_kind_display(),
            "left": max(0, obj.mentor_profile.capacity - obj.current_load),
        }


class AssignCompanionForm(forms.Form):
    role = forms.ChoiceField(label=_("As"), choices=CompanionRole.choices)
    companion = CompanionChoiceField(label=_("Companion"), queryset=User.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["companion"].queryset = (
            User.objects.filter(companion_users_in(scope_for(user)), mentor_profile__is_active=True)
            .select_related("mentor_profile")
            .annotate(
                current_load=Count(
                    "companion_assignments", filter=Q(companion_assignments__ended_at__isnull=True)
                )
            )
            .order_by("full_name", "pk")
        )


class AssignCompanionBulkAction(BulkAction):
    display_name = _("Assign a companion")
    action_type = "assign_companion"
    aria_label = _("Assign a companion to the selected participants")
    template_name = "workspace/bulk_assign_companion.html"
    action_priority = 20
    models = [EntrepreneurProfile]
    form_class = AssignCompanionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_queryset(self, model, object_ids):  # an instance method: it needs the request
        ids = parse_ids(list(object_ids))
        in_area = scope_for(self.request.user).profile_q()
        return list(model._default_manager.filter(in_area, pk__in=ids).select_related("user").order_by("pk"))

    def get_all_objects_in_listing_query(self, parent_id):
        return (
            self.model._default_manager.filter(scope_for(self.request.user).profile_q())
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def check_perm(self, obj):
        return self.request.user.has_perm("incubator.change_entrepreneurprofile")

    def form_valid(self, form):
        objects, _without_access = self.get_actionable_objects()
        try:
            assignments = assign_companion_to_many(
                objects,
                form.cleaned_data["companion"],
                role=form.cleaned_data["role"],
                by=self.request.user,
            )
        except IncubatorError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "%(name)s now accompanies %(n)d participant.",
                "%(name)s now accompanies %(n)d participants.",
                len(assignments),
            )
            % {"name": form.cleaned_data["companion"], "n": len(assignments)},
        )
        return redirect(self.next_url)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form))
