"""Domain errors of accounts. Each carries a message fit to show the person who acted."""

from __future__ import annotations

from core.errors import DomainError


class AccountError(DomainError):
    """An account could not be created or changed; ``str(error)`` explains why, in the user's language."""
