"""``{% next_contact profile %}``: the family's next visits or sessions, and the planning form for
their companions. Lets incubator pages show mentoring's data without importing mentoring."""

from __future__ import annotations

from django import template

from incubator.selectors import is_current_companion
from mentoring.forms import PlanContactForm
from mentoring.selectors import next_contacts

register = template.Library()


@register.inclusion_tag("mentoring/_next_contact.html", takes_context=True)
def next_contact(context, profile):
    user = context["request"].user
    companion = profile.user_id != user.pk and is_current_companion(profile, user=user)
    return {
        "profile": profile,
        "contacts": list(next_contacts(profile)[:3]),
        "form": PlanContactForm() if companion else None,
        "csrf_token": context.get("csrf_token"),
    }
