from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.timezones import CHOICES as TIME_ZONE_CHOICES

# The longest full name a form or a service accepts (docs/limits.md).
NAME_MAX = 150
CONSENT_TEXT_MAX = 20_000  # a consent text, loaded from accounts/data/consent.yaml
# Titles people put before their name; a greeting keeps the name that follows.
HONORIFICS = {
    "ibu",
    "bu",
    "bapak",
    "pak",
    "bpk",
    "mbak",
    "mas",
    "kak",
    "teh",
    "aa",
    "ustadz",
    "ustadzah",
    "hj",
    "h",
}


class User(AbstractUser):
    """A person who signs in: entrepreneur, companion (mentor) or program manager.

    The role is a Django group (see ``accounts.roles``). ``username`` is filled in by allauth;
    people sign in with their email address or with a one-time code sent to their phone.
    """

    full_name = models.CharField(_("full name"), max_length=NAME_MAX)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    phone_verified = models.BooleanField(
        _("phone number verified"),
        default=False,
        help_text=_("Set when the person has signed in with a code sent to this number."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        blank=True,
        choices=TIME_ZONE_CHOICES,
        help_text=_("Empty: the time zone of your region."),
    )
    save_data = models.BooleanField(
        _("save data"),
        default=False,
        help_text=_("Images load only when tapped (for prepaid data)."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(fields=["phone"], condition=~Q(phone=""), name="unique_phone_when_set"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.email or self.username

    def get_short_name(self) -> str:
        """The name to greet someone by: the first name, with its title ("Ibu Nining", not "Ibu")."""
        words = (self.full_name or self.email or self.username).split()
        if len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
            return " ".join(words[:2])
        return words[0] if words else ""


class ConsentRecord(models.Model):
    """A person's explicit consent to the use of their data (UU PDP 27/2022), as it was given.

    ``captured_by`` is set when a companion records the consent for someone they assist.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("user"))
    policy_version = models.CharField(_("policy version"), max_length=20)
    given_at = models.DateTimeField(_("given at"))
    captured_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="captured_consents",
        verbose_name=_("captured by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.policy_version} · {self.given_at:%Y-%m-%d}"


class ConsentText(models.Model):
    """A published version of the consent text (UU PDP 27/2022), in both languages.

    Loaded from ``accounts/data/consent.yaml`` by ``manage.py load_consent``. The newest text
    published by now is the current one; a person whose last consent names an older version is
    asked again at their next sign-in.
    """

    version = models.CharField(_("version"), max_length=20, unique=True)
    body_id = models.TextField(
        _("text (Indonesian)"), max_length=CONSENT_TEXT_MAX, validators=[MaxLengthValidator(CONSENT_TEXT_MAX)]
    )
    body_en = models.TextField(
        _("text (English)"), max_length=CONSENT_TEXT_MAX, validators=[MaxLengthValidator(CONSENT_TEXT_MAX)]
    )
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.version

    def body(self, language: str | None) -> str:
        return self.body_en if (language or "").startswith("en") and self.body_en else self.body_id
