"""Indonesia's three time zones, and which one a person lives in.

A person may choose their zone on their profile (``User.time_zone``); left empty it follows their
region: the entrepreneur's regency, a companion's first region, a regional manager's area. The
province decides (BPS code, first two digits): Bali, Nusa Tenggara, Kalimantan Selatan/Timur/Utara
and Sulawesi are WITA; Maluku and Papua are WIT; the rest is WIB.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
CHOICES = [
    (WIB, _("WIB (western Indonesia: Sumatra, Java, West and Central Kalimantan)")),
    (WITA, _("WITA (central: Bali, Nusa Tenggara, South/East/North Kalimantan, Sulawesi)")),
    (WIT, _("WIT (eastern: Maluku, Papua)")),
]
ABBREVIATIONS = {WIB: "WIB", WITA: "WITA", WIT: "WIT"}
WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT_PROVINCE_PREFIX = ("8", "9")  # Maluku 81–82, Papua 91–96
# Regions imported without BPS codes are recognised by their province's name.
WITA_NAMES = {
    "bali",
    "nusa tenggara barat",
    "nusa tenggara timur",
    "kalimantan selatan",
    "kalimantan timur",
    "kalimantan utara",
    "sulawesi utara",
    "sulawesi tengah",
    "sulawesi selatan",
    "sulawesi tenggara",
    "gorontalo",
    "sulawesi barat",
}
WIT_NAME_WORDS = ("maluku", "papua")
CACHE_SECONDS = 600


def zone_for_region(region) -> str:
    """The zone of an Indonesian region (any level), from its province's BPS code; WIB if unknown."""
    while region is not None and region.parent_id is not None:
        region = region.parent
    code = (getattr(region, "code", "") or "")[:2]
    name = (getattr(region, "name", "") or "").strip().lower()
    if code in WITA_PROVINCES or (not code and name in WITA_NAMES):
        return WITA
    if (code and code.startswith(WIT_PROVINCE_PREFIX)) or (
        not code and any(w in name for w in WIT_NAME_WORDS)
    ):
        return WIT
    return settings.TIME_ZONE


def _region_of(user):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        profile = user.entrepreneur_profile
    except (AttributeError, ObjectDoesNotExist):
        profile = None
    if profile is not None and profile.regency_id:
        return profile.regency
    try:
        mentor = user.mentor_profile
    except (AttributeError, ObjectDoesNotExist):
        mentor = None
    if mentor is not None:
        region = mentor.regions.order_by("pk").first()
        if region is not None:
            return region
    try:
        scope = user.manager_scope
    except (AttributeError, ObjectDoesNotExist):
        scope = None
    if scope is not None and scope.region_id:
        return scope.region
    return None


def zone_for(user) -> str:
    """The zone this person sees times in: their own choice, else their region's (cached a while)."""
    if getattr(user, "time_zone", ""):
        return user.time_zone
    key = f"tumbuh:tz:{user.pk}"
    zone = cache.get(key)
    if zone is None:
        zone = zone_for_region(_region_of(user))
        cache.set(key, zone, CACHE_SECONDS)
    return zone


def forget_zone(user) -> None:
    """Call when a person's region changes, so the next page uses the new zone at once."""
    cache.delete(f"tumbuh:tz:{user.pk}")
