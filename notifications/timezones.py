"""A person's own time zone (WIB, WITA or WIT), from the province of their region.

Indonesia has three zones; the province decides (Permendagri / BPS province codes, the first two
digits of every region code). The table is the one place that knows it. Unknown → WIB.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")  # UTC+7
WITA = ZoneInfo("Asia/Makassar")  # UTC+8
WIT = ZoneInfo("Asia/Jayapura")  # UTC+9

# BPS province code → zone. Sumatra, Java, West and Central Kalimantan: WIB. Bali, Nusa Tenggara,
# South/East/North Kalimantan, Sulawesi: WITA. Maluku and Papua: WIT.
PROVINCE_ZONES: dict[str, ZoneInfo] = {
    **dict.fromkeys(["11", "12", "13", "14", "15", "16", "17", "18", "19", "21"], WIB),
    **dict.fromkeys(["31", "32", "33", "34", "35", "36"], WIB),
    **dict.fromkeys(["61", "62"], WIB),
    **dict.fromkeys(["51", "52", "53"], WITA),
    **dict.fromkeys(["63", "64", "65"], WITA),
    **dict.fromkeys(["71", "72", "73", "74", "75", "76"], WITA),
    **dict.fromkeys(["81", "82"], WIT),
    **dict.fromkeys(["91", "92", "93", "94", "95", "96", "97"], WIT),
}


def zone_for_region(region) -> ZoneInfo:
    """The zone of a region (province, regency or district): its province code decides."""
    node, depth = region, 0
    while node is not None and depth < 3:
        digits = "".join(ch for ch in (node.code or "") if ch.isdigit())
        if len(digits) >= 2:
            return PROVINCE_ZONES.get(digits[:2], WIB)
        node, depth = node.parent, depth + 1
    return WIB


def zone_for(user) -> ZoneInfo:
    """The person's zone: an entrepreneur's regency, a companion's first region, a manager's area."""
    from incubator.models import EntrepreneurProfile, ManagerScope, MentorProfile

    profile = EntrepreneurProfile.objects.filter(user=user).select_related("regency__parent").first()
    if profile is not None:
        return zone_for_region(profile.regency or profile.province)
    mentor = MentorProfile.objects.filter(user=user).first()
    if mentor is not None:
        region = mentor.regions.select_related("parent__parent").first()
        if region is not None:
            return zone_for_region(region)
    scope = ManagerScope.objects.filter(user=user).select_related("region__parent").first()
    if scope is not None and scope.region is not None:
        return zone_for_region(scope.region)
    return WIB
