"""Importing participants from a registry export: the upload is checked at once, a background job
imports the rows (progress, row errors, idempotent re-runs), and the manager sees the result."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook, load_workbook

from accounts import roles
from accounts.models import ConsentRecord, User
from incubator.models import EntrepreneurProfile, IntakeAssessment, Milestone, Tier
from tests.factories import ManagerUserFactory, UserFactory
from tests.factories.workspace import (
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)
from workspace import importing
from workspace.models import BackgroundJob

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

HEADER = "name,phone,email,province,regency,district,business name,sector,cohort"
GOOD_ROWS = [
    "Siti Aminah,0812-1111-2222,siti@example.test,Jawa Barat,Kota Bandung,Coblong,Warung Siti,food,ProKUS 2026 — Kota Bandung",
    "Budi Santoso,081233334444,budi@example.test,jawa barat,kota bandung,,Bengkel Budi,Jasa,ProKUS 2026 — Kota Bandung",
]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def program():
    return build_program()


def csv_file(*rows: str, name: str = "registry.csv", header: str = HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([header, *rows]).encode(), content_type="text/csv")


def upload(client, file, django_capture_on_commit_callbacks):
    """Upload through the page; the task runs when the upload commits (immediate backend)."""
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("workspace_import:index"), {"file": file})


def run_file(file, *, by) -> BackgroundJob:
    """Queue a job as the upload does and run the task in-process."""
    from workspace import tasks

    job = importing.start_import(file, by=by)
    tasks.run_import.call(job.pk)
    job.refresh_from_db()
    return job


def test_good_file_runs_as_a_job_and_imports_every_row(
    client, program, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    client.force_login(program.manager)
    response = upload(client, csv_file(*GOOD_ROWS), django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get()
    assert response["Location"] == reverse("workspace_imports:job", args=[job.pk])
    assert (job.status, job.total, job.processed, job.created, job.skipped, job.errors) == (
        "done",
        2,
        2,
        2,
        0,
        [],
    )
    assert job.created_by == program.manager and job.area is None  # a national manager
    assert job.started_at and job.finished_at and job.file.name.startswith("backgroundjob/")
    siti = User.objects.get(email="siti@example.test")
    assert siti.phone == "+6281211112222"
    assert roles.is_entrepreneur(siti)
    assert not siti.has_usable_password()
    assert not siti.emailaddress_set.get().verified
    profile = siti.entrepreneur_profile
    assert (profile.tier, profile.cohort, profile.district) == (
        Tier.BEGINNER,
        program.cohort,
        program.district,
    )
    assert Milestone.objects.filter(profile=profile).count() == len(program.templates[Tier.BEGINNER])
    consent = ConsentRecord.objects.get(user=siti)
    assert consent.captured_by == program.manager
    assert consent.policy_version == importing.REGISTRY_CONSENT_VERSION
    budi = User.objects.get(email="budi@example.test").entrepreneur_profile
    assert budi.sector == "services" and budi.district is None
    html = client.get(response["Location"]).content.decode()
    assert "Done" in html and 'data-field="created">2<' in html
    assert "data-status-url" not in html  # finished: the page no longer polls


def test_the_upload_queues_the_task_on_the_configured_backend(
    client, program, django_capture_on_commit_callbacks
):
    client.force_login(program.manager)
    before = DBTaskResult.objects.count()
    upload(client, csv_file(*GOOD_ROWS), django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get()
    assert job.status == "queued" and EntrepreneurProfile.objects.count() == 0  # nothing in the request
    task = DBTaskResult.objects.exclude(pk__in=[]).order_by("-enqueued_at").first()
    assert DBTaskResult.objects.count() == before + 1
    assert task.task_path == "workspace.tasks.run_import" and task.args_kwargs["args"] == [job.pk]
    html = client.get(reverse("workspace_imports:job", args=[job.pk])).content.decode()
    assert f'data-status-url="{reverse("workspace_imports:status", args=[job.pk])}"' in html
    assert "js/job-progress.js" in html and "<script>" not in html


def test_phone_only_rows_with_a_starting_group_and_baseline(program):
    header = HEADER + ",kelompok,omzet bulanan,biaya bulanan,tenaga kerja,izin usaha,aset usaha"
    job = run_file(
        csv_file(
            "Ani,0812 5555 6666,,Jawa Barat,Kota Bandung,,Warung Ani,makanan,ProKUS 2026 — Kota Bandung,"
            "Berkembang,Rp 3.500.000,2000000,2,NIB,5.000.000",
            "Rudi,0812 7777 8888,,Jawa Barat,Kota Bandung,,Toko Rudi,dagang,ProKUS 2026 — Kota Bandung,,,,,,",
            header=header,
        ),
        by=program.manager,
    )
    assert (job.created, job.errors) == (2, [])
    ani = User.objects.get(phone="+6281255556666")
    assert ani.email == "" and not ani.emailaddress_set.exists() and ani.username
    profile = ani.entrepreneur_profile
    assert profile.tier == Tier.DEVELOPING
    assert Milestone.objects.filter(profile=profile, template__tier=Tier.DEVELOPING).count() == 2
    baseline = IntakeAssessment.objects.get(profile=profile)
    assert (baseline.baseline_revenue, baseline.baseline_costs, baseline.baseline_workers) == (
        3_500_000,
        2_000_000,
        2,
    )
    assert (baseline.baseline_permits, baseline.baseline_assets) == ("NIB", 5_000_000)
    assert (baseline.status, baseline.placed_tier, baseline.confirmed_by) == (
        "confirmed",
        Tier.DEVELOPING,
        program.manager,
    )
    rudi = User.objects.get(phone="+6281277778888").entrepreneur_profile
    assert rudi.tier == Tier.BEGINNER and not IntakeAssessment.objects.filter(profile=rudi).exists()


def test_bad_rows_are_listed_and_the_good_rows_imported(client, program):
    UserFactory(email="taken@example.test")
    header = HEADER + ",kelompok,omzet bulanan,biaya bulanan"
    rows = [
        GOOD_ROWS[0] + ",,,",
        "Ani,12345,ani@example.test,Jawa Barat,Kota Bandung,,Warung Ani,food,ProKUS 2026 — Kota Bandung,,,",
        "Rudi,0812 5555 6666,taken@example.test,Atlantis,Kota Bandung,,Toko Rudi,food,ProKUS 2026 — Kota Bandung,,,",
        "Dewi,0812 7777 8888,siti@example.test,Jawa Barat,Kota Bandung,,Toko Dewi,mining,Angkatan Hantu,,,",
        ",0812 9999 0000,kosong@example.test,Jawa Barat,Kota Bandung,,,food,ProKUS 2026 — Kota Bandung,,,",
        "Eka,0812 2222 3333,,Jawa Barat,Kota Bandung,,Toko Eka,food,ProKUS 2026 — Kota Bandung,Mandiri,1.5,",
        "Fajar,022 2500 000,,Jawa Barat,Kota Bandung,,Toko Fajar,food,ProKUS 2026 — Kota Bandung,,,",
    ]
    job = run_file(csv_file(*rows, header=header), by=program.manager)
    assert (job.status, job.total, job.processed, job.created, job.skipped) == ("done", 7, 7, 1, 6)
    errors = {}
    for number, message in job.errors:
        errors.setdefault(number, []).append(message)
    assert errors[3] == ["“12345” is not a valid mobile number."]
    assert "Unknown province “Atlantis”." in errors[4]
    assert "Someone already has an account with taken@example.test." in errors[4]
    assert "siti@example.test is also on row 2 of this file." in errors[5]
    assert "Unknown sector “mining”." in errors[5] and "Unknown cohort “Angkatan Hantu”." in errors[5]
    assert "Name is missing." in errors[6] and "Business name is missing." in errors[6]
    assert any("Unknown group “Mandiri”" in e for e in errors[7])
    assert any("Monthly revenue must be a whole number" in e for e in errors[7])
    assert any("Monthly costs is missing" in e for e in errors[7])
    assert errors[8] == ["“022 2500 000” is not a valid mobile number."]  # a landline
    assert list(EntrepreneurProfile.objects.values_list("business_name", flat=True)) == ["Warung Siti"]

    client.force_login(program.manager)
    html = client.get(reverse("workspace_imports:job", args=[job.pk])).content.decode()
    assert html.count("data-row-error") == len(job.errors)
    response = client.get(reverse("workspace_imports:errors", args=[job.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == ["Row", "Problem"]
    assert ["3", "“12345” is not a valid mobile number."] in table
    assert len(table) == len(job.errors) + 1


def test_a_row_refused_while_importing_leaves_nothing_half_written(program, monkeypatch):
    # Someone takes Budi's address between the job's check and his row (another manager's import).
    real_check = importing.check_rows

    def check_then_someone_registers(*args, **kwargs):
        results = real_check(*args, **kwargs)
        UserFactory(username="budi@example.test", email="budi@example.test")
        return results

    monkeypatch.setattr(importing, "check_rows", check_then_someone_registers)
    users_before = User.objects.count()
    job = run_file(csv_file(*GOOD_ROWS), by=program.manager)
    assert (job.status, job.created, job.skipped) == ("done", 1, 1)
    assert [number for number, _message in job.errors] == [3]
    assert User.objects.count() == users_before + 2  # Siti, and the one who registered; no half Budi
    assert not ConsentRecord.objects.filter(user__email="budi@example.test").exists()
    assert not User.objects.filter(phone="+6281233334444").exists()


def test_running_the_same_file_again_adds_nobody_twice(program):
    first = run_file(csv_file(*GOOD_ROWS), by=program.manager)
    assert first.created == 2
    again = run_file(csv_file(*GOOD_ROWS), by=program.manager)
    assert (again.created, again.updated, again.skipped, again.errors) == (0, 0, 2, [])
    changed = GOOD_ROWS[1].replace("Bengkel Budi", "Bengkel Budi Jaya")
    third = run_file(csv_file(GOOD_ROWS[0], changed), by=program.manager)
    assert (third.created, third.updated, third.skipped) == (0, 1, 1)
    assert EntrepreneurProfile.objects.count() == 2
    assert (
        User.objects.get(email="budi@example.test").entrepreneur_profile.business_name == "Bengkel Budi Jaya"
    )


def test_a_job_runs_once_even_when_enqueued_twice(program):
    from workspace import tasks

    job = importing.start_import(csv_file(*GOOD_ROWS), by=program.manager)
    tasks.run_import.call(job.pk)
    tasks.run_import.call(job.pk)
    job.refresh_from_db()
    assert (job.processed, job.created) == (2, 2)
    assert EntrepreneurProfile.objects.count() == 2


def test_an_unreadable_stored_file_fails_the_job_with_the_reason(program):
    from workspace import tasks

    job = importing.start_import(csv_file(*GOOD_ROWS), by=program.manager)
    job.file.storage.delete(job.file.name)
    tasks.run_import.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "can no longer be read" in job.failure
    assert EntrepreneurProfile.objects.count() == 0


def test_status_json_reports_progress(client, program):
    job = importing.start_import(csv_file(*GOOD_ROWS), by=program.manager)
    client.force_login(program.manager)
    data = json.loads(client.get(reverse("workspace_imports:status", args=[job.pk])).content)
    assert data["status"] == "queued" and data["finished"] is False and data["total"] == 2
    BackgroundJob.objects.filter(pk=job.pk).update(status="running", processed=1)
    data = json.loads(client.get(reverse("workspace_imports:status", args=[job.pk])).content)
    assert (data["status"], data["processed"], data["percent"]) == ("running", 1, 50)


def test_file_limits_give_a_clear_message_and_queue_nothing(
    client, program, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(program.manager)
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    response = upload(client, csv_file(*GOOD_ROWS, GOOD_ROWS[0]), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "more than 2 rows" in response.content.decode()
    response = upload(client, csv_file(*GOOD_ROWS, header="nama,no hp"), django_capture_on_commit_callbacks)
    assert "These columns are missing" in response.content.decode()
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 10)
    response = upload(client, csv_file(*GOOD_ROWS), django_capture_on_commit_callbacks)
    assert "larger than" in response.content.decode()
    response = upload(
        client, SimpleUploadedFile("registry.pdf", b"%PDF-1.4"), django_capture_on_commit_callbacks
    )
    assert ".csv or .xlsx" in response.content.decode()
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 5 * 1024 * 1024)
    response = upload(
        client, SimpleUploadedFile("registry.xlsx", b"not a zip"), django_capture_on_commit_callbacks
    )
    assert "not a readable XLSX" in response.content.decode()
    assert not BackgroundJob.objects.exists()


def test_xlsx_with_numeric_phone_and_amounts_is_read(program):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Nama",
            "No HP",
            "Provinsi",
            "Kabupaten/Kota",
            "Nama Usaha",
            "Sektor",
            "Angkatan",
            "Omzet bulanan",
            "Biaya bulanan",
        ]
    )
    sheet.append(
        [
            "Siti",
            81211112222,
            "Jawa Barat",
            "Kota Bandung",
            "Warung",
            "Makanan dan minuman",
            "ProKUS 2026 — Kota Bandung",
            2500000,
            1250000.0,
        ]
    )
    data = io.BytesIO()
    book.save(data)
    rows = importing.parse_upload(SimpleUploadedFile("registry.xlsx", data.getvalue()))
    assert rows[0]["phone"] == "081211112222" and rows[0]["email"] == ""
    job = run_file(SimpleUploadedFile("registry.xlsx", data.getvalue()), by=program.manager)
    assert (job.created, job.errors) == (1, [])
    assert IntakeAssessment.objects.get().baseline_costs == 1_250_000


def test_the_templates_read_back_as_a_valid_import(client, program):
    client.force_login(program.manager)
    response = client.get(reverse("workspace_import:template_csv"))
    assert response["Content-Disposition"].endswith('.csv"') and response.content.startswith(b"\xef\xbb\xbf")
    rows = importing.parse_upload(SimpleUploadedFile("t.csv", response.content))
    assert (
        rows[0]["tier"] == "berkembang"
        and rows[0]["email"] == ""
        and rows[0]["baseline_revenue"] == "3.500.000"
    )
    assert importing.check_rows(rows)[0].errors == []  # the example is a row the import accepts

    response = client.get(reverse("workspace_import:template_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Peserta", "Petunjuk"]
    notes = list(book["Petunjuk"].iter_rows(values_only=True))
    assert notes[0] == ("Kolom", "Yang diisi")
    assert ("no hp", dict(importing.template_explanation())["no hp"]) in notes
    assert "Nomor HP Indonesia" in dict(notes)["no hp"]
    rows = importing.parse_upload(SimpleUploadedFile("t.xlsx", response.content))
    assert rows[0]["phone"] == "0812 3456 7890" and importing.check_rows(rows)[0].errors == []


def test_managers_see_only_the_jobs_of_their_area(client, program):
    from tests.incubator.factories import RegencyFactory

    here = ManagerUserFactory(area=program.regency)
    job = importing.start_import(csv_file(*GOOD_ROWS), by=here)
    assert job.area == program.regency
    national_job = importing.start_import(csv_file(*GOOD_ROWS), by=program.manager)
    elsewhere = ManagerUserFactory(area=RegencyFactory(name="Kota Cimahi", parent=program.province))
    client.force_login(elsewhere)
    for name in ("job", "status", "errors"):
        assert client.get(reverse(f"workspace_imports:{name}", args=[job.pk])).status_code == 404
    assert f'data-job="{job.pk}"' not in client.get(reverse("workspace_imports:index")).content.decode()
    client.force_login(here)
    html = client.get(reverse("workspace_imports:index")).content.decode()
    assert f'data-job="{job.pk}"' in html and f'data-job="{national_job.pk}"' not in html
    assert client.get(reverse("workspace_imports:job", args=[national_job.pk])).status_code == 404
    client.force_login(program.manager)
    html = client.get(reverse("workspace_imports:index")).content.decode()
    assert f'data-job="{job.pk}"' in html and f'data-job="{national_job.pk}"' in html


def test_people_who_are_not_managers_cannot_import(client, program):
    client.force_login(program.mentor)
    response = client.post(reverse("workspace_import:index"), {"file": csv_file(*GOOD_ROWS)})
    assert response.status_code in (302, 403)
    assert not BackgroundJob.objects.exists()


def test_the_workspace_speaks_indonesian_by_default(
    client, program, settings, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "id"
    client.force_login(program.manager)
    html = client.get(reverse("workspace_import:index")).content.decode()
    assert "Mulai impor" in html
    response = upload(
        client, SimpleUploadedFile("registry.pdf", b"%PDF-1.4"), django_capture_on_commit_callbacks
    )
    assert "Silakan unggah berkas .csv atau .xlsx." in response.content.decode()


# ---------------------------------------------------------------- large exports: the same job page


def test_an_export_job_writes_the_entrepreneurs_of_the_area(client, program):
    from tests.incubator.factories import RegencyFactory
    from workspace import exporting, tasks

    run_file(csv_file(*GOOD_ROWS), by=program.manager)
    EntrepreneurProfile.objects.filter(business_name="Bengkel Budi").update(business_name="=HYPERLINK(1)")
    here = ManagerUserFactory(area=program.regency)
    job = exporting.start_entrepreneur_export(by=here)
    assert (job.kind, job.status, job.total, job.area) == ("export", "queued", 2, program.regency)
    tasks.run_export.call(job.pk)
    tasks.run_export.call(job.pk)  # enqueued twice: runs once
    job.refresh_from_db()
    assert (job.status, job.processed, job.total) == ("done", 2, 2)

    client.force_login(here)
    html = client.get(reverse("workspace_imports:job", args=[job.pk])).content.decode()
    assert "data-export-result" in html and "Rows with problems" not in html
    response = client.get(reverse("workspace_imports:result", args=[job.pk]))
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    table = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert table[0][:4] == ["Name", "Phone", "Email", "Business name"]
    assert {row[3] for row in table[1:]} == {"Warung Siti", "'=HYPERLINK(1)"}  # no live formula

    elsewhere = ManagerUserFactory(area=RegencyFactory(name="Kota Cimahi", parent=program.province))
    client.force_login(elsewhere)
    assert client.get(reverse("workspace_imports:result", args=[job.pk])).status_code == 404
    other = exporting.start_entrepreneur_export(by=elsewhere)
    tasks.run_export.call(other.pk)
    other.refresh_from_db()
    assert (other.status, other.total, other.processed) == ("done", 0, 0)


def test_an_import_job_has_no_result_file_to_download(client, program):
    job = run_file(csv_file(*GOOD_ROWS), by=program.manager)
    client.force_login(program.manager)
    assert client.get(reverse("workspace_imports:result", args=[job.pk])).status_code == 404


def test_the_export_is_started_by_post_from_the_jobs_page(
    client, program, django_capture_on_commit_callbacks
):
    client.force_login(program.manager)
    html = client.get(reverse("workspace_imports:index")).content.decode()
    assert reverse("workspace_imports:export") in html
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("workspace_imports:export"))
    job = BackgroundJob.objects.get(kind="export")
    assert response["Location"] == reverse("workspace_imports:job", args=[job.pk]) and len(callbacks) == 1
    assert client.get(reverse("workspace_imports:export")).status_code == 405


def test_a_list_too_large_to_export_while_waiting_goes_to_the_background_export(client, program, monkeypatch):
    from workspace import exporting

    run_file(csv_file(*GOOD_ROWS), by=program.manager)
    client.force_login(program.manager)
    listing = reverse("workspace_entrepreneurs:index")
    # Two families in the area: with a threshold of one, the listing's export is not written in the request.
    monkeypatch.setattr(exporting, "BACKGROUND_EXPORT_ROWS", 1)
    response = client.get(listing, {"export": "csv"}, follow=True)
    assert response.redirect_chain == [(reverse("workspace_imports:index"), 302)]
    (warning,) = list(response.context["messages"])
    assert warning.level_tag == "warning" and "too many to write while you wait" in str(
        warning
    )  # admin in English
    assert not BackgroundJob.objects.filter(kind="export").exists()  # a GET starts nothing; the button does
    monkeypatch.setattr(exporting, "BACKGROUND_EXPORT_ROWS", 2)
    small = client.get(listing, {"export": "csv"})
    assert small.status_code == 200 and small["Content-Type"].startswith("text/csv")


def test_an_import_reads_the_entrepreneur_group_once_for_the_whole_file(program):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        job = run_file(csv_file(*GOOD_ROWS), by=program.manager)
    assert (job.created, job.errors) == (2, [])
    group_reads = [q["sql"] for q in queries.captured_queries if 'FROM "auth_group" WHERE' in q["sql"]]
    assert len(group_reads) == 1, group_reads
    imported = User.objects.filter(email__in=["siti@example.test", "budi@example.test"])
    assert len(imported) == 2 and all(roles.is_entrepreneur(user) for user in imported)
