"""Mentoring rules: conversations, messages, sessions. (Filled in by the mentoring issue.)"""

from __future__ import annotations


def on_companion_assigned(assignment, *, previous=None) -> None:
    """Called by ``incubator.services.assign_companion`` inside its transaction.

    Opens (or reopens) the conversation between the entrepreneur and the new companion; the
    previous companion's conversation stays readable but closed to writing.
    """
