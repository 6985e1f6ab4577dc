"""What each role may do in the Wagtail admin (applied by ``accounts.roles.sync_groups``)."""

from accounts import roles

_MODELS = [
    "region",
    "incomethreshold",
    "cohort",
    "entrepreneurprofile",
    "mentorprofile",
    "companionassignment",
    "milestonetemplate",
    "intakeaspect",
    "milestone",
    "milestoneevent",
    "evidencephoto",
    "monthlyreport",
    "assistance",
    "assistanceevent",
    "promotionrequest",
    "tierchange",
]

ROLE_PERMISSIONS = {
    roles.MANAGER: [
        f"incubator.{action}_{model}" for model in _MODELS for action in ("view", "add", "change")
    ],
}
