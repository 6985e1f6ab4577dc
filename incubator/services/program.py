"""The program's milestone path: templates added, edited and deleted in the back office."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from incubator.errors import NotAllowed
from incubator.models import Milestone, MilestoneTemplate
from incubator.scope import scope_for
from incubator.services._common import recount_tiers, require_manager


def _require_national_manager(user: User | None) -> None:
    require_manager(user)
    if not scope_for(user).national:
        raise NotAllowed(_("Only a national program manager can change the milestone path."))


@transaction.atomic
def save_milestone_template(template: MilestoneTemplate, *, by: User) -> MilestoneTemplate:
    """Add a step of the milestone path or save one changed in a form (its fields already set).

    National program managers only (the path is the same everywhere). Locks the stored row, validates
    (``full_clean``), saves, and recounts the families of the old and the new tier
    (``recount_tiers``: their required totals follow the path's required, active steps) with their
    dashboards bumped (the next step's title). Recorded in Wagtail's log. Raises NotAllowed.
    """
    from wagtail.log_actions import log

    _require_national_manager(by)
    tiers = {template.tier}
    before = None
    if template.pk is not None:
        before = MilestoneTemplate.objects.select_for_update().filter(pk=template.pk).first()
        if before is not None:
            tiers.add(before.tier)
    template.full_clean()
    template.save()
    recount_tiers(tiers)
    if before is None:
        log(instance=template, action="wagtail.create", user=by, content_changed=True)
    else:
        fields = [f.attname for f in MilestoneTemplate._meta.concrete_fields if f.attname != "updated_at"]
        changed = any(getattr(before, name) != getattr(template, name) for name in fields)
        log(instance=template, action="wagtail.edit", user=by, content_changed=changed)
    return template


@transaction.atomic
def delete_milestone_template(template: MilestoneTemplate, *, by: User) -> None:
    """Delete a step no family has started (national program managers only), and recount the
    families of its tier with their dashboards bumped. Recorded in Wagtail's log first, as the
    admin's delete view does. Raises NotAllowed (the step is in use: make it inactive instead)."""
    from wagtail.log_actions import log

    _require_national_manager(by)
    template = MilestoneTemplate.objects.select_for_update().get(pk=template.pk)
    if Milestone.objects.filter(template=template).exists():
        raise NotAllowed(_("Families already have this milestone; make it inactive instead of deleting it."))
    log(instance=template, action="wagtail.delete", user=by)
    template.delete()
    recount_tiers([template.tier])
