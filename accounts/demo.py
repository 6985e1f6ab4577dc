"""The demo's people. Every app's ``demo.seed()`` builds on them; all are idempotent."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts import roles, services
from accounts.models import User

DEMO_PASSWORD = "tumbuh-demo"  # noqa: S105 — documented demo sign-in, refused outside DEBUG without --force

# email, full name, role, phone
PEOPLE = [
    ("manager@tumbuh.test", "Ratna Wulandari", roles.MANAGER, ""),
    # Regional managers: their areas are set by incubator.demo (AREAS).
    ("manager.jabar@tumbuh.test", "Hendra Gunawan", roles.MANAGER, ""),
    ("manager.klaten@tumbuh.test", "Sri Rahayu", roles.MANAGER, ""),
    ("mentor@tumbuh.test", "Agus Setiawan", roles.MENTOR, "+6281311110002"),
    ("pemula@tumbuh.test", "Siti Aminah", roles.ENTREPRENEUR, "+6281211110003"),
    ("berkembang@tumbuh.test", "Budi Santoso", roles.ENTREPRENEUR, "+6281211110004"),
    ("maju@tumbuh.test", "Dewi Lestari", roles.ENTREPRENEUR, "+6281211110005"),
]

# A phone-only entrepreneur: no email, no password. The demo social companion (TKSK Yanti
# Rahmawati) registers her through the service and enters figures and a profile edit for her
# (incubator.demo), so the "Diisi oleh … untuk …" marks show. She signs in at /accounts/login/code/
# with this number; the code is printed by the console SMS backend (docs/phone-sign-in.md).
ASSISTED_NAME = "Sumarni"
ASSISTED_PHONE = "+6281311112222"
ASSISTED_COMPANION = "tksk@tumbuh.test"


@transaction.atomic
def seed() -> dict[str, User]:
    """Create (or refresh) the demo sign-ins; returns them by email."""
    people: dict[str, User] = {}
    for email, full_name, role, phone in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(username=email.split("@")[0], email=email)
        user.full_name = full_name
        user.phone = phone
        user.phone_verified = bool(phone)  # the demo people own their numbers: code sign-in works
        user.is_active = True
        if not user.check_password(DEMO_PASSWORD):  # a new hash would sign everyone out on each `make run`
            user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
        roles.add_role(user, role)
        if role == roles.ENTREPRENEUR and not user.consents.exists():
            services.record_consent(user)
        people[email] = user
    return people


def person(email: str) -> User:
    return User.objects.get(email=email)
