"""The inbox listens to ``core.notifications.event_pushed`` (connected in ``apps.py``)."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def on_event_pushed(sender: Any, *, user_id: int, event: dict[str, Any], **kwargs: Any) -> None:
    """Store the event as an inbox item. Runs after the domain transaction committed; a failure
    here is logged and never stops the live event."""
    from notifications import services

    try:
        services.record_event(user_id, event)
    except Exception:
        logger.exception("could not store a %s notification for user %s", event.get("type"), user_id)


def on_events_pushed(sender: Any, *, events: list[tuple[int, dict[str, Any]]], **kwargs: Any) -> None:
    """A batch of events (the chat writer's): their inbox items in one transaction."""
    from notifications import services

    try:
        services.record_events(events)
    except Exception:
        logger.exception("could not store a batch of %d notifications", len(events))
