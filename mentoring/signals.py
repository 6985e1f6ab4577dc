"""Closing a person's open sockets when they sign out (see SessionBoundConsumer)."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def follow_assignment(sender, assignment, ended: bool, previous=None, **kwargs) -> None:
    """``incubator.signals.assignment_changed``: open the new pair's conversation, or close an
    ended pair's sockets (inside the incubator's transaction)."""
    from mentoring import services

    if ended:
        services.on_assignment_ended(assignment)
    else:
        services.on_companion_assigned(assignment, previous=previous)


def close_sockets_on_logout(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    from mentoring.consumers import sockets_group

    session_key = getattr(getattr(request, "session", None), "session_key", None)
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            sockets_group(user.pk), {"type": "session.ended", "session_key": session_key}
        )
    except Exception:
        logger.warning("could not close the sockets of user %s", user.pk, exc_info=True)
