"""Account rules: registering entrepreneurs and recording their consent."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.errors import AccountError
from accounts.models import ConsentRecord, User
from accounts.phone import normalize_phone
from accounts.selectors import DEFAULT_CONSENT_VERSION, current_consent_version

# The first consent text's version; newer texts are published in accounts/data/consent.yaml.
CONSENT_POLICY_VERSION = DEFAULT_CONSENT_VERSION


@transaction.atomic
def register_entrepreneur(
    user: User,
    *,
    full_name: str,
    phone: str,
    consent: bool,
    captured_by: User | None = None,
    consent_version: str | None = None,
) -> ConsentRecord:
    """Complete a new account as an entrepreneur: name, phone, role and the consent record.

    Consent is required: without it nothing is saved (the caller's transaction rolls back).
    ``consent_version`` names the policy text consented to (default: the current policy).
    Returns the consent record (an enrolment that follows names it, without reading it back).
    """
    if not consent:
        raise ValueError("consent is required to register")
    user.full_name = full_name.strip()
    user.phone = phone
    try:
        with transaction.atomic():
            user.save(update_fields=["full_name", "phone"])
    except IntegrityError:  # the number was registered at the same moment: keep the account, drop it
        user.phone = ""
        user.save(update_fields=["full_name", "phone"])
    roles.add_role(user, roles.ENTREPRENEUR)
    return record_consent(user, captured_by=captured_by, policy_version=consent_version)


def phone_is_taken(phone: str) -> bool:
    return bool(phone) and User.objects.filter(phone=phone).exists()


def is_unproven_self_signup(user: User) -> bool:
    """A phone self-sign-up whose number nobody has proven yet: anyone could have typed it.

    True when the number was never confirmed by a code, nobody ever signed in, there is no password
    and no verified email, and no companion captured the consent (companions vouch for the number
    in person). Such an account holds nothing but what the sign-up form asked; it neither signs in
    by phone code nor blocks the number's owner, whose own phone sign-up replaces it.
    """
    from allauth.account.models import EmailAddress

    if (
        user.phone_verified
        or user.last_login
        or user.has_usable_password()
        or user.is_staff
        or user.is_superuser
    ):
        return False
    if EmailAddress.objects.filter(user=user, verified=True).exists():
        return False
    consents = list(user.consents.all())
    return bool(consents) and all(consent.captured_by_id is None for consent in consents)


@transaction.atomic
def sign_up_by_phone(*, full_name: str, phone: str, consent: bool) -> User | None:
    """Self sign-up with a mobile number alone (no email, no password); the caller sends the code.

    Returns the new account, or None when the number already belongs to a real account: the caller
    then answers exactly as for a new number and texts the owner instead (no enumeration). An
    unproven self-sign-up holding the number (``is_unproven_self_signup``) is deleted and replaced:
    whoever proves the number by code gets a fresh account, never one someone else filled in.
    Locks the current holder of the number. Raises AccountError for a missing name, no consent
    or a malformed number.
    """
    try:
        normalized = normalize_phone(phone)
    except ValidationError as exc:
        raise AccountError(exc.messages[0]) from exc
    holder = User.objects.select_for_update().filter(phone=normalized).first() if normalized else None
    if holder is not None:
        if not is_unproven_self_signup(holder):
            return None
        holder.delete()
    return create_entrepreneur_account(full_name=full_name, phone=normalized, consent=consent)


@transaction.atomic
def create_entrepreneur_account(
    *, full_name: str, phone: str, email: str = "", consent: bool, captured_by: User | None = None
) -> User:
    """Register an entrepreneur who may have no email: they sign in with a code sent to ``phone``.

    Used by a companion registering someone they assist (``captured_by`` records who captured the
    consent, and when). The phone is normalised to +62… and must be free; the email, if given,
    must be free too and is stored unverified. The account has no usable password.
    Raises AccountError (nothing saved) for a missing name, no consent, or a bad or taken phone/email.
    """
    from allauth.account.adapter import get_adapter
    from allauth.account.models import EmailAddress

    full_name = (full_name or "").strip()
    email = (email or "").strip()
    if not full_name:
        raise AccountError(_("Enter the person's full name."))
    if not consent:
        raise AccountError(_("The person must agree to the use of their data to join the program."))
    try:
        phone = normalize_phone(phone)
    except ValidationError as exc:
        raise AccountError(exc.messages[0]) from exc
    if not phone:
        raise AccountError(_("Enter a mobile number: the person signs in with a code sent to it."))
    if User.objects.filter(phone=phone).exists():
        raise AccountError(_("This mobile number is already registered."))
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise AccountError(_("Enter a valid email address, or leave it empty.")) from exc
        if (
            User.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists()
        ):
            raise AccountError(_("This email address is already registered."))

    username = get_adapter().generate_unique_username([full_name, email, "user"])
    user = User(username=username, email=email, full_name=full_name, phone=phone, phone_verified=False)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # registered at the same moment by someone else
        raise AccountError(_("This mobile number is already registered.")) from exc
    if email:
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    roles.add_role(user, roles.ENTREPRENEUR)
    record_consent(user, captured_by=captured_by)
    return user


@transaction.atomic
def set_verified_phone(user: User, phone: str) -> User:
    """Record that ``user`` proved ``phone`` with a code sent to it, switching to it if it is new.

    The number stays unique: if someone else took it meanwhile, AccountError and nothing changes.
    """
    phone = normalize_phone(phone)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.phone == phone and locked.phone_verified:
        return user
    if User.objects.filter(phone=phone).exclude(pk=user.pk).exists():
        raise AccountError(_("This mobile number is already registered."))
    try:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).update(phone=phone, phone_verified=True)
    except IntegrityError as exc:  # taken at the same moment
        raise AccountError(_("This mobile number is already registered.")) from exc
    user.phone, user.phone_verified = phone, True
    return user


def record_consent(
    user: User, *, captured_by: User | None = None, policy_version: str | None = None
) -> ConsentRecord:
    return ConsentRecord.objects.create(
        user=user,
        policy_version=policy_version or current_consent_version(),
        given_at=timezone.now(),
        captured_by=captured_by,
    )


@transaction.atomic
def accept_consent(user: User, *, version: str) -> ConsentRecord:
    """The person accepts the consent text ``version`` themselves (re-asked, or given again after a
    withdrawal). Only the current version can be accepted: a page left open over a new publication
    raises AccountError and shows the new text."""
    if version != current_consent_version():
        raise AccountError(_("The consent text has changed; please read the new version."))
    return record_consent(user, policy_version=version)


@transaction.atomic
def withdraw_consent(user: User, *, by: User) -> int:
    """Withdraw every consent the person has given: who and when are recorded on each record.

    Only the person themselves withdraws (``by`` must be ``user``). From then on companions and the
    program may no longer use their data (``incubator`` refuses on-behalf entries); records the law
    requires are kept. Raises AccountError when there is nothing to withdraw.
    """
    if by.pk != user.pk:
        raise AccountError(_("Only the person themselves can withdraw their consent."))
    User.objects.select_for_update().filter(pk=user.pk).first()
    active = ConsentRecord.objects.filter(user=user, withdrawn_at__isnull=True)
    if not active.exists():
        raise AccountError(_("Your consent is already withdrawn."))
    return active.update(withdrawn_at=timezone.now(), withdrawn_by=by)


@transaction.atomic
def create_imported_account(*, email: str, full_name: str) -> User:
    """An account for a person imported from a registry: their (unverified) email if the registry
    has one, no usable password; they sign in by code (to their phone, or their email) or reset
    their password. The caller has checked the email is free."""
    from allauth.account.models import EmailAddress

    email = (email or "").strip()
    username = email[:150] if email else _username_from_name(full_name)
    user = User(username=username, email=email, full_name=full_name.strip())
    user.set_unusable_password()
    user.save()
    roles.has_no_roles_yet(user)
    if email:
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return user


def _username_from_name(full_name: str) -> str:
    """``siti_aminah`` for Siti Aminah when no account has it (one look-up: an import makes thousands),
    else allauth's unique variant of the name (a random suffix)."""
    from allauth.account.adapter import get_adapter
    from django.utils.text import slugify

    username = slugify(full_name).replace("-", "_")[:150]
    if username and not User.objects.filter(username__iexact=username).exists():
        return username
    return get_adapter().generate_unique_username([full_name, "user"])


@transaction.atomic
def create_staff_member(*, email: str, full_name: str, role: str, password: str | None = None) -> User:
    """A mentor or program manager, created by a manager (or the demo), never by self-sign-up."""
    from allauth.account.models import EmailAddress

    if role not in (roles.MENTOR, roles.MANAGER):
        raise ValueError(f"unknown staff role {role!r}")
    user = User(username=email.split("@")[0][:150], email=email, full_name=full_name)
    if User.objects.filter(username=user.username).exists():
        user.username = email[:150]
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    roles.add_role(user, role)
    return user


@transaction.atomic
def set_time_zone(user: User, zone: str) -> User:
    """Set the zone a person sees times in ("" = their region's). Raises AccountError for an unknown zone."""
    from accounts.timezones import CHOICES, forget_zone

    if zone and zone not in {value for value, _label in CHOICES}:
        raise AccountError(_("Please choose one of the time zones listed."))
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    forget_zone(user)
    return user


@transaction.atomic
def set_save_data(user: User, *, on: bool) -> User:
    """ "Hemat data": when on, pages show a tap-to-load placeholder instead of each image (not downloaded)."""
    user.save_data = bool(on)
    user.save(update_fields=["save_data"])
    return user
