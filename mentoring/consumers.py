from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from mentoring.notifications import user_group

CLOSE_NOT_SIGNED_IN = 4401


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """``/ws/notifications/``: events for the signed-in person (unread counts, reviews, decisions)."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notify(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
