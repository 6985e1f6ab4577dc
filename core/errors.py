"""The base of every domain error: a message fit to show the person who acted, and a short code."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the action; ``str(error)`` explains why, in the user's language.

    ``code`` is a short machine-readable reason (the chat protocol sends it to the client); each
    subclass may set its own default and a raise may override it.
    """

    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        if code:
            self.code = code

    def __str__(self) -> str:
        return self.message
