"""Every time a person sees is in their own zone (WIB, WITA or WIT), in one format (issue 15, E10)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.template import Context, Template
from django.utils import timezone

from accounts.timezones import WIB, WIT, WITA, zone_for, zone_for_region
from incubator.models import Region
from tests.factories import EntrepreneurUserFactory
from tests.incubator.factories import EntrepreneurProfileFactory, ProvinceFactory, RegencyFactory
from tests.mentoring.factories import MessageFactory, make_pair

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
MOMENT = dt.datetime(2026, 12, 2, 1, 8, tzinfo=dt.UTC)  # 08.08 WIB, 09.08 WITA, 10.08 WIT


def profile_in(province: str, code: str = ""):
    regency = RegencyFactory(name=f"Kota di {province}", parent=ProvinceFactory(name=province))
    if code:
        Region.objects.filter(pk=regency.parent_id).update(code=code)
        regency.parent.refresh_from_db()
    return EntrepreneurProfileFactory(province=regency.parent, regency=regency)


@pytest.mark.parametrize(
    ("province", "code", "zone"),
    [
        ("Jawa Barat", "32", WIB),
        ("Nusa Tenggara Barat", "52", WITA),
        ("Sulawesi Selatan", "", WITA),
        ("Papua Barat", "92", WIT),
        ("Maluku Utara", "", WIT),
        ("Kalimantan Barat", "61", WIB),
    ],
)
def test_a_region_has_the_zone_of_its_province(province, code, zone):
    assert zone_for_region(profile_in(province, code).regency) == zone


def test_a_persons_own_choice_wins_over_their_region():
    profile = profile_in("Nusa Tenggara Barat", "52")
    assert zone_for(profile.user) == WITA
    profile.user.time_zone = WIT
    assert zone_for(profile.user) == WIT


def test_the_when_filter_writes_one_format_in_the_active_zone():
    from django.utils import translation

    render = Template("{% load times %}{{ moment|when }}").render
    with timezone.override(WITA), translation.override("en"):
        assert render(Context({"moment": MOMENT})) == "2 Dec 2026, 09.08 WITA"
    with timezone.override(WIT), translation.override("id"):
        assert render(Context({"moment": MOMENT})) == "2 Des 2026, 10.08 WIT"


@time_machine.travel(MOMENT, tick=False)
def test_chat_times_are_in_the_readers_zone_and_the_page_tells_the_script(client_for):
    profile = profile_in("Nusa Tenggara Barat", "52")
    pair = make_pair(profile=profile)
    MessageFactory(conversation=pair.conversation, sender=pair.mentor, body="Halo")
    html = client_for(pair.entrepreneur).get(f"/chat/{pair.conversation.pk}/").content.decode()
    assert "2 Des 2026, 09.08 WITA" in html
    assert 'data-time-zone="Asia/Makassar"' in html and 'data-time-zone-label="WITA"' in html
    assert 'data-months="Jan,Feb,Mar,Apr,Mei,Jun,Jul,Agu,Sep,Okt,Nov,Des"' in html

    # The mentor in Java reads the same message in WIB.
    html = client_for(pair.mentor).get(f"/chat/{pair.conversation.pk}/").content.decode()
    assert "2 Des 2026, 08.08 WIB" in html


def test_the_zone_is_a_setting_of_ones_own(client_for):
    user = EntrepreneurUserFactory()
    client = client_for(user)
    assert "Waktu dalam WIB" in client.get("/accounts/time-zone/").content.decode()
    response = client.post("/accounts/time-zone/", {"time_zone": WIT}, follow=True)
    assert "Waktu sekarang ditampilkan dalam WIT." in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone == WIT

    response = client.post("/accounts/time-zone/", {"time_zone": "Europe/Paris"}, follow=True)
    assert "Mohon pilih salah satu zona waktu yang ada." in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone == WIT


def test_no_template_writes_a_time_its_own_way():
    """A time with hours goes through ``|when`` (one format, one zone label); dates alone are fine."""
    offenders = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path in ROOT.glob("*/templates/**/*.html")
        if ".venv" not in path.parts and "admin" not in path.parts and "workspace" not in path.parts
        for m in re.finditer(r"\|date:\s*[\"'][^\"']*[HGhg][^\"']*[\"']", path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


def test_the_live_chat_script_uses_the_same_format():
    chat = (ROOT / "mentoring/static/mentoring/chat.js").read_text(encoding="utf-8")
    assert "window.tumbuhWhen(msg.created_at)" in chat
    assert "toLocaleString(lang, {" not in chat
