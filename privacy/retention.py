"""How long each kind of record is kept, and what a deletion does to it (UU PDP 27/2022, art. 43-44).

Set in code, shown to the person on /account/data/ and to the manager deciding a deletion request.
No imports of any app: plain data, read by the services, the pages and docs/privacy.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ERASE = "erase"
ANONYMISE = "anonymise"
KEEP = "keep"


@dataclass(frozen=True)
class Rule:
    key: str
    label: Promise
    on_deletion: str  # ERASE, ANONYMISE or KEEP (kept, with the name removed from the account)
    explanation: Promise


RULES: tuple[Rule, ...] = (
    Rule(
        "account",
        _("Account (name, phone, email)"),
        ANONYMISE,
        _(
            'Your name becomes "Peserta #<number>", your phone and email are cleared and the account is closed.'
        ),
    ),
    Rule(
        "assistance",
        _("BSiMU assistance records"),
        KEEP,
        _("Kept for 10 years (state finance and archives law), without your name."),
    ),
    Rule(
        "figures",
        _("Monthly figures (revenue, costs, workers)"),
        ANONYMISE,
        _("Kept without your name for the program's statistics; notes are blanked."),
    ),
    Rule(
        "profile",
        _("Business profile"),
        ANONYMISE,
        _(
            "Business name, village, description, photo and PKH reference are removed; area and tier are kept."
        ),
    ),
    Rule(
        "evidence",
        _("Milestone evidence (texts and photos)"),
        ERASE,
        _("Texts are blanked and photos erased; whether a milestone was verified is kept."),
    ),
    Rule("chat", _("Chat messages"), ERASE, _("Erased.")),
    Rule(
        "visits",
        _("Session and visit notes and photos"),
        ERASE,
        _(
            "Notes are blanked and photos erased; the date of each session is kept for the companion's record."
        ),
    ),
    Rule(
        "complaints",
        _("Complaints you raised"),
        KEEP,
        _("Kept for 5 years so that the program can show how complaints were handled."),
    ),
    Rule(
        "consent", _("Consent records"), KEEP, _("Kept: they prove what you agreed to and when you withdrew.")
    ),
)

ASSISTANCE_YEARS = 10
COMPLAINT_YEARS = 5


def retention_months() -> int:
    """Months after a family leaves the program before chat, photos and visit notes are erased."""
    return int(getattr(settings, "TUMBUH_RETENTION_MONTHS", 24))
