from accounts import roles


def role_flags(request) -> dict[str, bool]:
    """``is_entrepreneur``, ``is_mentor`` and ``is_manager`` for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_entrepreneur": False, "is_mentor": False, "is_manager": False}
    return {
        "is_entrepreneur": roles.is_entrepreneur(user),
        "is_mentor": roles.is_mentor(user),
        "is_manager": roles.is_manager(user),
    }
