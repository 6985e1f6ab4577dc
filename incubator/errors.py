"""Domain errors of the incubator. Each carries a message fit to show the person who acted."""

from __future__ import annotations

from core.errors import DomainError


class IncubatorError(DomainError):
    """A rule of the program refused the action; ``str(error)`` explains why, in the user's language."""


class NotAllowed(IncubatorError):
    """The person may not do this (wrong role, not their entrepreneur)."""


class EnrolmentError(IncubatorError):
    pass


class ProfileError(IncubatorError):
    pass


class AssignmentError(IncubatorError):
    pass


class MilestoneError(IncubatorError):
    pass


class EvidenceError(IncubatorError):
    """An uploaded photo or evidence field is unacceptable."""


class ReportError(IncubatorError):
    pass


class PromotionError(IncubatorError):
    pass


class AssistanceError(IncubatorError):
    pass


class PlacementError(IncubatorError):
    pass


class ExitError(IncubatorError):
    pass
