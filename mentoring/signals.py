"""Closing a person's open sockets when their sign-in stops being valid (see SessionBoundConsumer).

Each trigger sends ``session.ended`` to the channel-layer group ``sockets.<user id>``:

* signing out (``user_logged_out``) and a deleted session row (expiry clean-up, an admin, a key
  rotated by a password change): that session's sockets, in every tab;
* the account deactivated, or its password changed or reset, by any path that saves the user
  (Wagtail's user edit, a service, the shell), and Wagtail's bulk "set active state", which updates
  rows without saving them: every socket of the person (``session_key`` ``None``).

Account changes are sent after commit, so a consumer never hears of a change that was rolled back.
Delivery is best effort (channel layers deliver at most once): the consumers' per-frame re-check
is the backstop.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import SESSION_KEY, get_user_model
from django.db import transaction

logger = logging.getLogger(__name__)

ACCESS_FIELDS = ("is_active", "password")


def follow_assignment(sender, assignment, ended: bool, previous=None, **kwargs) -> None:
    """``incubator.signals.assignment_changed``: open the new pair's conversation, or close an
    ended pair's sockets (inside the incubator's transaction)."""
    from mentoring import services

    if ended:
        services.on_assignment_ended(assignment)
    else:
        services.on_companion_assigned(assignment, previous=previous)


def close_sockets(user_id: Any, session_key: str | None = None) -> None:
    """Close the open sockets of ``user_id`` (only those of ``session_key`` when it is given)."""
    from mentoring.consumers import sockets_group

    if not str(user_id).isdigit():  # a session holding something else than our user ids
        return
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            sockets_group(int(user_id)), {"type": "session.ended", "session_key": session_key}
        )
    except Exception:
        logger.warning("could not close the sockets of user %s", user_id, exc_info=True)


def close_sockets_on_logout(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    close_sockets(user.pk, session_key)


def close_sockets_of_deleted_session(sender, instance, **kwargs) -> None:
    """A session row was deleted: the sockets opened with it end too."""
    try:
        user_id = instance.get_decoded().get(SESSION_KEY)
    except Exception:  # undecodable data never signed anyone in
        return
    if user_id is not None:
        session_key = instance.session_key
        transaction.on_commit(lambda: close_sockets(user_id, session_key))


def remember_access_fields(sender, instance, **kwargs) -> None:
    """post_init: the values as loaded, to notice a deactivation or a new password on save.

    Reads ``__dict__`` so that a deferred field is never fetched just for this.
    """
    instance._socket_access = tuple(instance.__dict__.get(name) for name in ACCESS_FIELDS)


def close_sockets_on_access_change(
    sender, instance, created, raw=False, update_fields=None, **kwargs
) -> None:
    before = getattr(instance, "_socket_access", (None, None))
    remember_access_fields(sender, instance)
    if created or raw:
        return
    was_active, old_password = before
    now_active, new_password = instance._socket_access
    deactivated = was_active is True and now_active is False
    new_password_set = old_password is not None and new_password is not None and old_password != new_password
    if deactivated or new_password_set:
        user_id = instance.pk
        transaction.on_commit(lambda: close_sockets(user_id))


def close_sockets_after_bulk_deactivation(request, action_type, objects, action_class_instance) -> None:
    """Wagtail hook ``after_bulk_action``: "set active state" uses ``QuerySet.update``, so no
    ``post_save`` fires; close the sockets of whoever is now inactive."""
    User = get_user_model()
    if action_type != "set_active_state" or getattr(action_class_instance, "model", User) is not User:
        return
    ids = [obj.pk for obj in objects if isinstance(obj, User)]
    for user_id in User._default_manager.filter(pk__in=ids, is_active=False).values_list("pk", flat=True):
        transaction.on_commit(lambda user_id=user_id: close_sockets(user_id))
