"""The participant record's "in the program" section: exit, return and reopened support, each from a
confirmation page that says what will change and asks for a reason; and the intake assessments in
the placement section."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from incubator import services
from incubator.models import (
    ExitReason,
    GraduationFlag,
    GraduationWatch,
    IntakeAspect,
    ProgramExit,
    Tier,
    TierChange,
)
from tests.factories.workspace import (
    build_areas,
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin"), pytest.mark.date_sensitive]

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def program():
    return build_program()


def url(name: str, profile) -> str:
    return reverse(f"workspace_participants:{name}", args=[profile.pk])


def test_exit_page_says_what_changes_and_requires_an_explanation(client, program):
    profile = program.enroll("Warung Pergi")
    client.force_login(program.manager)
    html = client.get(url("exit", profile)).content.decode()
    assert "What will change" in html and "leaves the program report" in html
    response = client.post(url("exit", profile), {"reason": ExitReason.MOVED, "exited_on": "", "note": ""})
    assert response.status_code == 400
    assert not ProgramExit.objects.exists()
    today = TODAY.isoformat()
    response = client.post(
        url("exit", profile), {"reason": ExitReason.MOVED, "exited_on": today, "note": "Pindah ke Bekasi"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#membership")
    exit_row = ProgramExit.objects.get()
    assert (exit_row.reason, exit_row.note, exit_row.recorded_by) == (
        ExitReason.MOVED,
        "Pindah ke Bekasi",
        program.manager,
    )
    # Already out: the page sends back to the record with the reason why.
    response = client.get(url("exit", profile))
    assert response.status_code == 302
    html = client.get(url("record", profile)).content.decode()
    assert "Left the program on" in html and "Pindah ke Bekasi" in html and "Record a return" in html


def test_a_future_exit_date_is_refused_with_the_services_message(client, program):
    profile = program.enroll("Warung Nanti")
    client.force_login(program.manager)
    later = (TODAY + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url("exit", profile), {"reason": ExitReason.OTHER, "exited_on": later, "note": "x"}
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not ProgramExit.objects.exists()


def test_return_needs_an_exit_and_a_reason(client, program):
    profile = program.enroll("Warung Kembali")
    client.force_login(program.manager)
    assert client.get(url("re_entry", profile)).status_code == 302  # has not left
    services.record_exit(profile, by=program.manager, reason=ExitReason.WITHDREW, exited_on=TODAY)
    html = client.get(url("re_entry", profile)).content.decode()
    assert "What will change" in html and "comes back into the program" in html
    today = TODAY.isoformat()
    response = client.post(url("re_entry", profile), {"on": today, "reason": " "})
    assert response.status_code == 400
    assert ProgramExit.objects.get().re_entered_on is None
    response = client.post(url("re_entry", profile), {"on": today, "reason": "Usaha dibuka lagi"})
    assert response.status_code == 302
    exit_row = ProgramExit.objects.get()
    assert exit_row.re_entered_on is not None and exit_row.re_entry_reason == "Usaha dibuka lagi"


def test_reopen_support_from_an_open_flag(client, program):
    profile = program.enroll("Warung Lulus")
    client.force_login(program.manager)
    assert client.get(url("reopen_support", profile)).status_code == 302  # no flag
    type(profile).objects.filter(pk=profile.pk).update(tier=Tier.GRADUATED)
    change = TierChange.objects.create(
        profile=profile, from_tier=Tier.DEVELOPING, to_tier=Tier.GRADUATED, changed_at=NOW
    )
    watch = GraduationWatch.objects.create(
        profile=profile,
        tier_change=change,
        graduated_on=datetime.date(2026, 1, 10),
        ends_on=datetime.date(2027, 1, 10),
        from_tier=Tier.DEVELOPING,
    )
    GraduationFlag.objects.create(
        watch=watch, profile=profile, months=["2026-04-01", "2026-05-01"], threshold=4_000_000
    )
    html = client.get(url("record", profile)).content.decode()
    assert "Reopen support" in html
    html = client.get(url("reopen_support", profile)).content.decode()
    assert (
        "2026-04, 2026-05" in html and "Rp 4.000.000" in html and "back from Graduated to Developing" in html
    )
    assert client.post(url("reopen_support", profile), {"reason": ""}).status_code == 400
    response = client.post(url("reopen_support", profile), {"reason": "Omzet turun dua bulan"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.tier == Tier.DEVELOPING
    assert GraduationFlag.objects.get().resolution == "Omzet turun dua bulan"


def test_actions_outside_the_area_are_not_found_and_change_nothing(client):
    areas = build_areas()
    client.force_login(areas.regency_manager)
    outsider = areas.gamma.profile
    for name in ("exit", "re_entry", "reopen_support"):
        assert client.get(url(name, outsider)).status_code == 404
    today = TODAY.isoformat()
    response = client.post(
        url("exit", outsider), {"reason": ExitReason.MOVED, "exited_on": today, "note": "x"}
    )
    assert response.status_code == 404
    assert not ProgramExit.objects.exists()


def test_the_placement_section_shows_the_intake_assessment(client, program):
    for n in range(1, 4):
        IntakeAspect.objects.create(
            code=f"aspek-{n}",
            order=n,
            title=f"Aspek {n}",
            level_0="a",
            level_1="b",
            level_2="Cukup",
            level_3="d",
        )
    profile = program.enroll("Warung Asesmen")
    services.assign_companion(profile, program.mentor, role="mentor", by=program.manager)
    assessment = services.record_intake_assessment(
        profile,
        by=program.mentor,
        scores={"aspek-1": 2, "aspek-2": 2, "aspek-3": 1},
        baseline_revenue=3_000_000,
        baseline_costs=1_000_000,
    )
    services.confirm_placement(assessment, by=program.manager, tier=Tier.ADVANCED, reason="Sudah punya NIB")
    client.force_login(program.manager)
    html = client.get(url("record", profile)).content.decode()
    assert "data-intake-assessment" in html
    assert "Aspek 1" in html and "Cukup" in html  # the aspect, its score and what the score means
    assert "5 / 9" in html
    assert "data-placement-rule" in html and "Total score out of 9" in html
    assert "Suggested group" in html and "Developing" in html
    assert "Starting group" in html and "Advanced" in html and "Sudah punya NIB" in html
    assert str(program.manager) in html.split("data-placement-decision")[1][:400]
