"""Off-page channels: each says whether a person can be reached on it and sends ONE message for a
list of items (a digest when there are several). Sending raises on failure; the pipeline
(``services.send_due``) records the error and retries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications import kinds
from notifications.models import Channel, Notification
from notifications.timezones import zone_for

QUIET_FROM = datetime.time(21, 0)
QUIET_UNTIL = datetime.time(6, 0)
SMS_MAX_CHARS = 160


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (path or "/notifications/")


def inbox_url() -> str:
    return absolute("/notifications/")


class BaseSender:
    channel: str = ""

    def reachable(self, user) -> bool:
        raise NotImplementedError

    def earliest(self, user, now: datetime.datetime) -> datetime.datetime:
        """When a message may go out; ``now`` unless the channel has quiet hours."""
        return now

    def send(self, user, items: list[Notification]) -> None:
        raise NotImplementedError


class SMSSender(BaseSender):
    """A short Indonesian text with a link, for a verified phone number; never at night in the
    person's own time zone (21:00–06:00 local: deferred to 06:00)."""

    channel = Channel.SMS

    def reachable(self, user) -> bool:
        return bool(user.phone and user.phone_verified)

    def earliest(self, user, now: datetime.datetime) -> datetime.datetime:
        # Only the browser journeys' server turns the night rule off (they run at any hour).
        if not getattr(settings, "TUMBUH_SMS_QUIET_HOURS", True):
            return now
        return next_daytime(now, zone_for(user))

    def send(self, user, items: list[Notification]) -> None:
        from accounts.sms import send_sms

        send_sms(user.phone, sms_text(items))


def sms_text(items: list[Notification]) -> str:
    with translation.override("id"):  # the people SMS reaches read Indonesian
        if len(items) == 1:
            item = items[0]
            link = absolute(f"/notifications/{item.pk}/open/")
            text = kinds.render(item.kind, item.params)
            room = SMS_MAX_CHARS - len(link) - len("Tumbuh: ") - 1
            if len(text) > room:
                text = text[: max(room - 1, 10)].rstrip() + "…"
            return f"Tumbuh: {text} {link}"
        return "Tumbuh: " + ngettext(
            "%(n)d new notification for you. Open %(link)s",
            "%(n)d new notifications for you. Open %(link)s",
            len(items),
        ) % {"n": len(items), "link": inbox_url()}


class EmailSender(BaseSender):
    """One e-mail listing the items, for a verified address (allauth's EmailAddress)."""

    channel = Channel.EMAIL

    def reachable(self, user) -> bool:
        from allauth.account.models import EmailAddress

        return (
            bool(user.email)
            and EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
        )

    def send(self, user, items: list[Notification]) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "[Tumbuh] %(n)d new notification", "[Tumbuh] %(n)d new notifications", len(items)
            ) % {"n": len(items)}
            lines = [_("Hello %(name)s,") % {"name": user.get_short_name() or user.get_full_name()}, ""]
            for item in items:
                lines.append(f"- {kinds.render(item.kind, item.params)}")
                lines.append(f"  {absolute(f'/notifications/{item.pk}/open/')}")
            lines += ["", _("All your notifications: %(link)s") % {"link": inbox_url()}]
            lines.append(
                _("Choose what reaches you outside Tumbuh: %(link)s")
                % {"link": absolute("/notifications/settings/")}
            )
        send_mail(subject, "\n".join(lines), None, [user.email])


class PushSender(BaseSender):
    """Web push (VAPID, ``notifications.push``) to every browser the person turned it on in. The
    payload names the item and its link; 404/410 from the push service expires a subscription."""

    channel = Channel.PUSH

    def reachable(self, user) -> bool:
        from notifications import push
        from notifications.models import PushSubscription

        return push.enabled() and PushSubscription.objects.filter(user=user, expired_at__isnull=True).exists()

    def send(self, user, items: list[Notification]) -> None:
        from notifications import push

        push.send_to_user(user, items)


SENDERS: dict[str, BaseSender] = {
    sender.channel: sender for sender in (PushSender(), EmailSender(), SMSSender())
}


def next_daytime(now: datetime.datetime, zone) -> datetime.datetime:
    """``now`` if it is between 06:00 and 21:00 in ``zone``; otherwise the next 06:00 there."""
    local = now.astimezone(zone)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return now
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, QUIET_UNTIL, tzinfo=zone)


@dataclass(frozen=True)
class ChannelChoice:
    channel: str
    label: str
    reachable: bool
    enabled: bool
