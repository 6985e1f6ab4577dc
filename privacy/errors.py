from core.errors import DomainError


class PrivacyError(DomainError):
    code = "privacy"
