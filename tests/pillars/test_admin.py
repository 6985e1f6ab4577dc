"""The pillar screens under /cms/: permission, area and exports."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from pillars import services
from pillars.models import CommunitySession, PillarOrganisation
from tests.pillars.helpers import event_in, session_data, trained


def test_a_regional_manager_sees_only_their_areas_bimtek_and_sessions(world, client_for):
    trained(world)
    services.log_community_session(by=world.tksk, data=session_data(world, topic="Topik Bandung"))
    bogor_event = event_in(world.bogor, by=world.national, title="Bimtek Bogor")
    client = client_for(world.bandung_manager)
    assert "Bimtek Bogor" not in client.get(reverse("pillars_admin:bimtek")).content.decode()
    assert client.get(reverse("pillars_admin:bimtek_detail", args=[bogor_event.pk])).status_code == 404
    client = client_for(world.bogor_manager)
    assert "Topik Bandung" not in client.get(reverse("pillars_admin:sessions")).content.decode()
    session = CommunitySession.objects.get()
    assert client.post(reverse("pillars_admin:session_verify", args=[session.pk])).status_code == 404
    session.refresh_from_db()
    assert session.verified_at is None


def test_a_manager_plans_invites_and_marks_present_through_the_screens(world, client_for):
    client = client_for(world.bandung_manager)
    response = client.post(
        reverse("pillars_admin:bimtek"),
        {
            "title": "Bimtek TKSK",
            "starts_on": "2026-11-09",
            "ends_on": "2026-11-10",
            "place": "Aula",
            "region": world.bandung.pk,
            "capacity": 10,
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    assert "Siti TKSK" in client.get(url).content.decode()
    client.post(url, {"action": "invite", "user": [world.tksk.pk]})
    client.post(url, {"action": "attendance", "present": [world.tksk.pk]})
    client.post(url, {"action": "complete"})
    assert world.tksk.bimtek_participations.get().completed_at is not None


def test_a_bad_bimtek_form_is_refused_with_a_message(world, client_for):
    client = client_for(world.bandung_manager)
    response = client.post(
        reverse("pillars_admin:bimtek"),
        {
            "title": "X",
            "starts_on": "2026-11-09",
            "ends_on": "2026-11-10",
            "region": world.bandung.pk,
            "capacity": 3,
        },
    )
    assert response.status_code == 400
    assert "Sebutkan tempat bimtek" in response.content.decode()


def test_entrepreneurs_and_companions_do_not_reach_the_pillar_screens(world, client_for):
    for user in (world.families[0].user, world.tksk):
        response = client_for(user).get(reverse("pillars_admin:board"))
        assert response.status_code == 403  # the "Not allowed" page for people without admin access


def test_the_board_and_its_exports_stay_in_the_managers_area(world, client_for):
    trained(world)
    services.log_community_session(by=world.tksk, data=session_data(world))
    services.set_target(
        by=world.bandung_manager, year=2026, region=world.bandung, indicator="sessions_held", value=2
    )
    client = client_for(world.bandung_manager)
    board = client.get(reverse("pillars_admin:board"), {"year": 2026})
    assert board.status_code == 200
    assert "50%" in board.content.decode()
    assert client.get(reverse("pillars_admin:board"), {"region": world.bogor.pk}).status_code == 404
    assert (
        client.get(reverse("pillars_admin:board"), {"region": world.bogor.pk, "export": "csv"}).status_code
        == 404
    )
    response = client.get(reverse("pillars_admin:board"), {"year": 2026, "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sessions = next(row for row in rows if row[0] == "Sesi masyarakat terlaksana")
    assert sessions[3:] == ["2", "1", "50"]
    response = client.get(reverse("pillars_admin:board"), {"year": 2026, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any(
        row[0] == "Graduasi dengan pendapatan setara atau di atas UMK" and row[4] == 0
        for row in sheet.iter_rows(values_only=True)
    )


def test_a_regional_manager_cannot_set_the_national_target_from_the_board(world, client_for):
    from pillars.models import AreaTarget

    client = client_for(world.bandung_manager)
    client.post(
        reverse("pillars_admin:board"),
        {"year": 2026, "region": world.bogor.pk, "indicator": "sessions_held", "value": 9},
    )
    assert not AreaTarget.objects.exists()
    client.post(reverse("pillars_admin:board"), {"year": 2026, "indicator": "sessions_held", "value": 9})
    assert AreaTarget.objects.get().region == world.bandung


def test_organisations_listing_is_scoped(world, client_for):
    PillarOrganisation.objects.create(name="Karang Taruna Bogor", kind="karang_taruna", region=world.bogor)
    PillarOrganisation.objects.create(name="Karang Taruna Dago", kind="karang_taruna", region=world.bandung)
    body = (
        client_for(world.bandung_manager)
        .get(reverse("workspace_pillar_organisations:index"))
        .content.decode()
    )
    assert "Karang Taruna Dago" in body
    assert "Karang Taruna Bogor" not in body


def test_the_cascade_shows_the_caveat(world, client_for):
    trained(world)
    services.log_community_session(by=world.tksk, data=session_data(world))
    body = (
        client_for(world.bandung_manager)
        .get(reverse("pillars_admin:cascade"), {"year": 2026})
        .content.decode()
    )
    assert "Kehadiran bukan sebab-akibat" in body


def test_a_trained_pillar_logs_a_session_from_their_page(world, client_for):
    trained(world)
    client = client_for(world.tksk)
    response = client.post(
        reverse("pillars:log_session"),
        {
            "date": "2026-11-08",
            "region": world.bandung.pk,
            "village": "Dago",
            "topic": "Pembukuan",
            "duration_minutes": 60,
            "participants": [p.pk for p in world.families],
            "women": 6,
            "men": 6,
            "girls": 0,
            "boys": 0,
            "older_women": 0,
            "older_men": 0,
        },
    )
    assert response.status_code == 302
    session = CommunitySession.objects.get()
    assert (session.participants.count(), session.others) == (2, 12)
    assert "Pembukuan" in client.get(reverse("pillars:sessions")).content.decode()
    assert "Bimtek pendampingan" in client.get(reverse("pillars:training")).content.decode()


def test_the_family_and_its_companion_see_the_session_on_the_timeline_pages(world, client_for):
    from tests.incubator.factories import AssignmentFactory

    trained(world)
    services.log_community_session(by=world.tksk, data=session_data(world, topic="Membaca angka bulanan"))
    family = world.families[0]
    assert (
        "Membaca angka bulanan" in client_for(family.user).get(reverse("mentoring:timeline")).content.decode()
    )
    AssignmentFactory(profile=family, companion=world.tksk)
    url = reverse("mentoring:profile_timeline", args=[family.pk])
    assert "Membaca angka bulanan" in client_for(world.tksk).get(url).content.decode()
