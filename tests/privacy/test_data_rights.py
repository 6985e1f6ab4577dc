"""/account/data/: what is held, the download, deletion requests and the retention job."""

from __future__ import annotations

import datetime
import io
import json
import uuid
import zipfile

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import ConsentRecord, User
from complaints.models import Complaint
from incubator import services as incubator_services
from incubator.models import CompanionAssignment, EntrepreneurProfile, MonthlyReport
from mentoring import services as mentoring_services
from mentoring.models import Conversation, MentoringSession, Message
from privacy import selectors, services
from privacy.errors import PrivacyError
from privacy.models import DataExport, DeletionRequest, PrivacyEvent
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory
from tests.incubator.factories import RegencyFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 10, 9, 0, tzinfo=datetime.UTC)
# 25 months after the test's data is made: past the 24-month retention period.
LATER = timezone.now() + datetime.timedelta(days=25 * 31)


def chat(world, body="Halo Bu", sender=None):
    conversation = Conversation.objects.get(profile=world.profile, companion=world.mentor)
    message, _ = mentoring_services.send_message(
        conversation, sender=sender or world.mentor, body=body, client_id=uuid.uuid4()
    )
    return message


def last_month() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def filled(world):
    incubator_services.record_monthly_report(
        world.profile,
        by=world.entrepreneur,
        month=last_month(),
        revenue=3_000_000,
        costs=1_000_000,
        notes="Ramai",
    )
    chat(world)
    chat(world, "Terima kasih", sender=world.entrepreneur)
    mentoring_services.log_session(
        world.profile,
        by=world.mentor,
        date=timezone.localdate(),
        mode="visit",
        topics="Pembukuan",
        notes="Rumah Bu Sri",
    )


# -- the page -----------------------------------------------------------------------------------


def test_the_data_page_shows_each_section_in_constant_queries(world, client, django_assert_max_num_queries):
    filled(world)
    client.force_login(world.entrepreneur)
    with django_assert_max_num_queries(30) as first:
        response = client.get("/en" + reverse("privacy:data"))
    body = response.content.decode()
    for text in (
        "Keripik Singkong Bu Sri",
        "2026-11",
        "Pembukuan",
        "Delete my data",
        "Chat messages",
    ):
        assert text in body
    # Twice the data: the same number of queries.
    incubator_services.record_monthly_report(
        world.profile,
        by=world.entrepreneur,
        month=last_month() - datetime.timedelta(days=40),
        revenue=1,
        costs=1,
    )
    chat(world, "Lagi")
    mentoring_services.log_session(
        world.profile, by=world.mentor, date=timezone.localdate(), mode="visit", topics="Stok"
    )
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/en" + reverse("privacy:data"))


def test_the_data_page_needs_sign_in(client):
    response = client.get(reverse("privacy:data"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# -- the download -------------------------------------------------------------------------------


def test_the_download_is_one_zip_with_json_csv_and_photos(
    world, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    # The task runs in the request's own process here (a worker runs it in production).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    filled(world)
    client.force_login(world.entrepreneur)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:export"))  # after commit, the immediate task backend builds it
    export = DataExport.objects.get(user=world.entrepreneur)
    assert export.status == DataExport.Status.READY
    assert export.expires_at == NOW + datetime.timedelta(days=7)
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        response = client.get(reverse("privacy:download", args=[export.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = set(archive.namelist())
    assert {"data.json", "figures.csv", "messages.csv", "visits.csv", "consents.csv"} <= names
    data = json.loads(archive.read("data.json"))
    assert data["figures"][0]["revenue"] == 3_000_000
    assert [m["text"] for m in data["messages"]] == ["Halo Bu", "Terima kasih"]
    assert PrivacyEvent.objects.filter(user=world.entrepreneur, kind="export").count() == 1


def test_the_download_is_only_for_its_owner_and_only_for_7_days(world, client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        export = services.request_export(world.entrepreneur, by=world.entrepreneur)
        services.build_export(export.pk)
    url = reverse("privacy:download", args=[export.pk])
    client.force_login(world.mentor)
    with time_machine.travel(NOW, tick=False):
        assert client.get(url).status_code == 404
    client.force_login(world.entrepreneur)
    with time_machine.travel(NOW + datetime.timedelta(days=8), tick=False):
        assert client.get(url).status_code == 404


def test_nobody_asks_for_someone_elses_download(world):
    with pytest.raises(PrivacyError):
        services.request_export(world.entrepreneur, by=world.mentor)
    assert not DataExport.objects.exists()


# -- deletion -----------------------------------------------------------------------------------


def test_a_deletion_request_waits_for_the_area_manager(world, client):
    client.force_login(world.entrepreneur)
    client.post(reverse("privacy:delete"), {"reason": "Pindah"})
    request = DeletionRequest.objects.get(user=world.entrepreneur)
    assert request.status == DeletionRequest.Status.PENDING
    client.post(reverse("privacy:delete"), {"reason": "Lagi"})
    assert DeletionRequest.objects.filter(user=world.entrepreneur).count() == 1


def test_approval_anonymises_what_is_kept_and_erases_the_rest(world):
    filled(world)
    Complaint.objects.filter(pk__in=[])  # complaints raised are kept (retention rule)
    request = services.request_deletion(world.entrepreneur, by=world.entrepreneur)
    approver = ManagerUserFactory()
    services.approve_deletion(request, by=approver)
    user = User.objects.get(pk=world.entrepreneur.pk)
    assert user.full_name == f"Peserta #{user.pk}"
    assert (user.email, user.phone, user.is_active, user.has_usable_password()) == ("", "", False, False)
    profile = EntrepreneurProfile.objects.get(pk=world.profile.pk)
    assert profile.business_name == f"Peserta #{user.pk}"
    report = MonthlyReport.objects.get(profile=profile)
    assert (report.revenue, report.notes) == (3_000_000, "")  # figures kept, anonymised
    assert not Message.objects.filter(conversation__profile=profile).exists()
    assert MentoringSession.objects.get(profile=profile).notes == ""
    assert ConsentRecord.objects.filter(user=user).exists()
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (DeletionRequest.Status.APPROVED, approver)
    assert PrivacyEvent.objects.filter(user=user, kind="deletion_approved", actor=approver).exists()
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="tumbuh.deletion_approved", user=approver).exists()


def test_a_manager_of_another_area_cannot_decide(world):
    request = services.request_deletion(world.entrepreneur, by=world.entrepreneur)
    elsewhere = ManagerUserFactory(area=RegencyFactory(name="Kabupaten Garut"))
    with pytest.raises(PrivacyError):
        services.approve_deletion(request, by=elsewhere)
    with pytest.raises(PrivacyError):
        services.approve_deletion(request, by=world.mentor)
    request.refresh_from_db()
    assert request.status == DeletionRequest.Status.PENDING
    assert User.objects.get(pk=world.entrepreneur.pk).is_active


def test_a_refusal_needs_a_reason_and_is_decided_once(world):
    request = services.request_deletion(world.entrepreneur, by=world.entrepreneur)
    with pytest.raises(PrivacyError):
        services.refuse_deletion(request, by=world.manager, note=" ")
    services.refuse_deletion(request, by=world.manager, note="Masih ada bantuan berjalan")
    with pytest.raises(PrivacyError):
        services.approve_deletion(request, by=world.manager)
    assert User.objects.get(pk=world.entrepreneur.pk).is_active


# -- retention ----------------------------------------------------------------------------------


def test_retention_erases_old_chat_and_notes_of_families_who_left(world, settings):
    settings.TUMBUH_RETENTION_MONTHS = 24
    filled(world)
    for assignment in CompanionAssignment.objects.current().filter(profile=world.profile):
        incubator_services.end_assignment(assignment, by=world.manager, reason="Keluar program")
    other = EntrepreneurUserFactory()
    with time_machine.travel(LATER, tick=False):
        dry = services.apply_retention(dry_run=True)
        assert [row["profile"] for row in dry] == [world.profile.pk]
        assert Message.objects.filter(conversation__profile=world.profile).count() == 2
        done = services.apply_retention()
    assert done == dry
    assert not Message.objects.filter(conversation__profile=world.profile).exists()
    assert MentoringSession.objects.get(profile=world.profile).notes == ""
    assert MonthlyReport.objects.get(profile=world.profile).revenue == 3_000_000
    assert other.is_active


def test_retention_leaves_families_still_in_the_program(world):
    filled(world)
    with time_machine.travel(LATER, tick=False):
        assert services.apply_retention() == []
    assert Message.objects.filter(conversation__profile=world.profile).count() == 2


def test_apply_retention_dry_run_lists_and_changes_nothing(world, capsys):
    filled(world)
    for assignment in CompanionAssignment.objects.current().filter(profile=world.profile):
        incubator_services.end_assignment(assignment, by=world.manager, reason="Keluar program")
    with time_machine.travel(LATER, tick=False):
        call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert f"profile {world.profile.pk}" in out and "would erase 2 messages" in out
    assert Message.objects.filter(conversation__profile=world.profile).count() == 2


def test_selectors_read_only_the_persons_own_rows(world):
    filled(world)
    other = EntrepreneurUserFactory()
    assert selectors.figures_of(other) == []
    assert selectors.messages_of(other) == []
    assert len(selectors.messages_of(world.entrepreneur)) == 2
    assert timezone.now()


# -- the workspace queue ------------------------------------------------------------------------


def test_the_area_manager_approves_from_the_queue_and_sees_the_rules(world, client):
    request = services.request_deletion(world.entrepreneur, by=world.entrepreneur)
    client.force_login(world.manager)
    index = client.get(reverse("workspace_deletion_requests:index"))
    assert index.status_code == 200 and world.entrepreneur.full_name in index.content.decode()
    url = reverse("workspace_deletion_requests:edit", args=[request.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "10" in page.content.decode()  # the retention rules are shown (assistance kept 10 years)
    client.post(url, {"action": "approve"})
    request.refresh_from_db()
    assert request.status == DeletionRequest.Status.APPROVED
    assert not User.objects.get(pk=world.entrepreneur.pk).is_active


def test_a_manager_outside_the_area_gets_404_from_the_queue(world, client):
    request = services.request_deletion(world.entrepreneur, by=world.entrepreneur)
    client.force_login(ManagerUserFactory(area=RegencyFactory(name="Kabupaten Garut")))
    url = reverse("workspace_deletion_requests:edit", args=[request.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "approve"}).status_code == 404
    request.refresh_from_db()
    assert request.status == DeletionRequest.Status.PENDING
