"""What each role may do with the pillar program in the Wagtail admin (``accounts.roles.sync_groups``)."""

from accounts import roles

_MODELS = ["pillarorganisation", "bimtekevent", "bimtekparticipant", "communitysession", "areatarget"]

ROLE_PERMISSIONS = {
    roles.MANAGER: [f"pillars.{action}_{model}" for model in _MODELS for action in ("view", "add", "change")],
}
