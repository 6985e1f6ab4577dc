"""Tumbuh's bulk user actions replace Wagtail's (``accounts.bulk_actions``).

Wagtail's registry keeps the last class registered for a model and action; ``order`` puts these
after Wagtail's own registrations, whatever the order of the apps.
"""

from wagtail import hooks

from accounts.bulk_actions import USER_BULK_ACTIONS

for action_class in USER_BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=100)
