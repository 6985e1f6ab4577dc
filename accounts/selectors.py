"""Reads about accounts: the current consent text and where a person stands with it."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import ConsentRecord, ConsentText

# The version recorded when no consent text has been loaded yet (the first text's version).
DEFAULT_CONSENT_VERSION = "2026-11"


def current_consent_text() -> ConsentText | None:
    """The newest consent text published by now, or None before any was loaded."""
    return ConsentText.objects.filter(published_at__lte=timezone.now()).first()


def current_consent_version() -> str:
    text = current_consent_text()
    return text.version if text else DEFAULT_CONSENT_VERSION


def latest_consent(user_id: int) -> ConsentRecord | None:
    return ConsentRecord.objects.filter(user_id=user_id).order_by("-given_at", "-pk").first()


def consent_withdrawn(user_id: int | None) -> bool:
    """The person's last consent was withdrawn (and not given again since). One query."""
    if not user_id:
        return False
    latest = latest_consent(user_id)
    return latest is not None and latest.withdrawn_at is not None


def needs_new_consent(user) -> bool:
    """The person consented to an older text than the current one (and did not withdraw).

    People who never consented (staff) or who withdrew are not asked: withdrawing is their choice,
    and they may give consent again from /account/consent/ themselves.
    """
    latest = latest_consent(user.pk)
    if latest is None or latest.withdrawn_at is not None:
        return False
    # "2026-11+registry": the 2026-11 text, recorded by a registry import.
    return latest.policy_version.split("+")[0] != current_consent_version()
