"""Domain errors of accounts. Each carries a message fit to show the person who acted."""

from __future__ import annotations


class AccountError(Exception):
    """An account could not be created or changed; ``str(error)`` explains why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(str(message))
        self.message = str(message)

    def __str__(self) -> str:
        return self.message
