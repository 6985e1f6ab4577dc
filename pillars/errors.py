from core.errors import DomainError


class PillarError(DomainError):
    """A pillar rule refused the action (bimtek, community session, target)."""


class Forbidden(PillarError):
    code = "forbidden"
