"""Importing participants from a registry export: preview with row errors, then all rows or none."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts import roles
from accounts.models import ConsentRecord, User
from incubator.models import EntrepreneurProfile, Milestone, Tier
from tests.factories import ManagerUserFactory, UserFactory
from tests.factories.workspace import (
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)
from workspace import importing, views

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

HEADER = "name,phone,email,province,regency,district,business name,sector,cohort"
GOOD_ROWS = [
    "Siti Aminah,0812-1111-2222,siti@example.test,Jawa Barat,Kota Bandung,Coblong,Warung Siti,food,ProKUS 2026 — Kota Bandung",
    "Budi Santoso,081233334444,budi@example.test,jawa barat,kota bandung,,Bengkel Budi,Jasa,ProKUS 2026 — Kota Bandung",
]


@pytest.fixture
def program():
    return build_program()


def csv_file(*rows: str, name: str = "registry.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([HEADER, *rows]).encode(), content_type="text/csv")


def upload(client, file) -> tuple:
    response = client.post(reverse("workspace_import:index"), {"file": file})
    return response, client.session.get("workspace_import")


def test_good_file_previews_then_imports_every_row(client, program):
    client.force_login(program.manager)
    response, pending = upload(client, csv_file(*GOOD_ROWS))
    preview_url = reverse("workspace_import:preview", args=[pending["token"]])
    assert response["Location"] == preview_url
    html = client.get(preview_url).content.decode()
    assert "Warung Siti" in html and "Bengkel Budi" in html
    assert User.objects.filter(email__in=["siti@example.test", "budi@example.test"]).count() == 0

    response = client.post(preview_url)
    assert response.status_code == 302
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
    assert "workspace_import" not in client.session


def test_duplicate_phones_in_the_file_or_the_database_are_row_errors(program):
    UserFactory(phone="+6281299990000")
    rows = importing.parse_upload(
        csv_file(
            GOOD_ROWS[0],
            "Ani,0812-1111-2222,ani@example.test,Jawa Barat,Kota Bandung,,Warung Ani,food,ProKUS 2026 — Kota Bandung",
            "Rudi,+62 812 9999 0000,rudi@example.test,Jawa Barat,Kota Bandung,,Toko Rudi,food,ProKUS 2026 — Kota Bandung",
        )
    )
    errors = [result.errors for result in importing.check_rows(rows)]
    assert errors[0] == []
    assert errors[1] == ["The number +6281211112222 is also on row 2 of this file."]
    assert errors[2] == ["Someone already has an account with the number +6281299990000."]


def test_dry_run_shows_row_errors_and_writes_nothing(client, program):
    UserFactory(email="taken@example.test")
    client.force_login(program.manager)
    rows = [
        GOOD_ROWS[0],
        "Ani,12345,ani@example.test,Jawa Barat,Kota Bandung,,Warung Ani,food,ProKUS 2026 — Kota Bandung",
        "Rudi,0812 5555 6666,taken@example.test,Atlantis,Kota Bandung,,Toko Rudi,food,ProKUS 2026 — Kota Bandung",
        "Dewi,0812 7777 8888,siti@example.test,Jawa Barat,Kota Bandung,,Toko Dewi,mining,Angkatan Hantu",
        ",0812 9999 0000,kosong@example.test,Jawa Barat,Kota Bandung,,,food,ProKUS 2026 — Kota Bandung",
    ]
    users_before = User.objects.count()
    _response, pending = upload(client, csv_file(*rows))
    html = client.get(reverse("workspace_import:preview", args=[pending["token"]])).content.decode()
    assert "12345" in html and "is not a valid mobile number" in html
    assert "Unknown province “Atlantis”" in html
    assert "Someone already has an account with taken@example.test" in html
    assert "siti@example.test is also on row 2 of this file" in html
    assert "Unknown sector “mining”" in html
    assert "Unknown cohort “Angkatan Hantu”" in html
    assert "Name is missing" in html and "Business name is missing" in html
    assert 'action="/cms/workspace/import/' not in html.split("<table")[0]  # no confirm button
    assert User.objects.count() == users_before
    assert EntrepreneurProfile.objects.count() == 0


def test_one_bad_row_imports_nothing_even_when_confirmed(client, program):
    client.force_login(program.manager)
    _response, pending = upload(
        client, csv_file(*GOOD_ROWS, "Rudi,0812 5555 6666,rudi@example.test,Atlantis,X,,Toko,food,Y")
    )
    response = client.post(reverse("workspace_import:preview", args=[pending["token"]]))
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert EntrepreneurProfile.objects.count() == 0
    assert not User.objects.filter(email="siti@example.test").exists()


def test_a_row_refused_by_a_service_rolls_back_the_rows_before_it(program):
    # The cohort closes between preview and confirm: the re-check refuses, nothing stays.
    rows = importing.parse_upload(csv_file(*GOOD_ROWS))
    program.cohort.is_active = False
    program.cohort.save()
    with pytest.raises(importing.ImportRefused) as refused:
        importing.import_rows(rows, by=program.manager)
    assert all("closed" in " ".join(r.errors) for r in refused.value.results)
    assert EntrepreneurProfile.objects.count() == 0
    assert User.objects.filter(email="siti@example.test").count() == 0


def test_duplicate_email_in_database_is_refused_at_confirm_time(client, program):
    client.force_login(program.manager)
    _response, pending = upload(client, csv_file(*GOOD_ROWS))
    UserFactory(email="budi@example.test")  # someone registered between preview and confirm
    response = client.post(reverse("workspace_import:preview", args=[pending["token"]]))
    assert "Someone already has an account with budi@example.test" in response.content.decode()
    assert not User.objects.filter(email="siti@example.test").exists()


def test_xlsx_with_numeric_phone_is_read(program):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Nama",
            "No HP",
            "Email",
            "Provinsi",
            "Kabupaten/Kota",
            "Kecamatan",
            "Nama Usaha",
            "Sektor",
            "Angkatan",
        ]
    )
    sheet.append(
        [
            "Siti",
            81211112222,
            "siti@example.test",
            "Jawa Barat",
            "Kota Bandung",
            None,
            "Warung",
            "Makanan dan minuman",
            "ProKUS 2026 — Kota Bandung",
        ]
    )
    data = io.BytesIO()
    book.save(data)
    rows = importing.parse_upload(SimpleUploadedFile("registry.xlsx", data.getvalue()))
    assert rows[0]["phone"] == "081211112222"
    results = importing.check_rows(rows)
    assert results[0].errors == []
    assert importing.import_rows(rows, by=program.manager) == 1


def test_file_limits_give_a_clear_message(client, program, monkeypatch):
    client.force_login(program.manager)
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    response, _pending = upload(client, csv_file(*GOOD_ROWS, GOOD_ROWS[0]))
    assert response.status_code == 200
    assert "more than 2 rows" in response.content.decode()
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 10)
    response, _pending = upload(client, csv_file(*GOOD_ROWS))
    assert "larger than" in response.content.decode()
    response, _pending = upload(client, SimpleUploadedFile("registry.pdf", b"%PDF-1.4"))
    assert ".csv or .xlsx" in response.content.decode()
    response, _pending = upload(client, SimpleUploadedFile("registry.xlsx", b"not a zip"))
    assert "not a readable XLSX" in response.content.decode()
    assert "workspace_import" not in client.session


def test_preview_token_must_match_the_session_and_be_fresh(client, program, monkeypatch):
    client.force_login(program.manager)
    _response, pending = upload(client, csv_file(*GOOD_ROWS))
    response = client.post(reverse("workspace_import:preview", args=["forged-token"]))
    assert response["Location"] == reverse("workspace_import:index")
    assert EntrepreneurProfile.objects.count() == 0
    other_manager = ManagerUserFactory()
    client.force_login(other_manager)  # a new session: the rows are not theirs
    response = client.post(reverse("workspace_import:preview", args=[pending["token"]]))
    assert EntrepreneurProfile.objects.count() == 0
    client.force_login(program.manager)
    _response, pending = upload(client, csv_file(*GOOD_ROWS))
    monkeypatch.setattr(views, "IMPORT_TTL_SECONDS", -1)
    response = client.post(reverse("workspace_import:preview", args=[pending["token"]]), follow=True)
    assert "no longer available" in response.content.decode()
    assert EntrepreneurProfile.objects.count() == 0


def test_the_workspace_speaks_indonesian_by_default(client, program, settings):
    settings.LANGUAGE_CODE = "id"
    client.force_login(program.manager)
    html = client.get(reverse("workspace_import:index")).content.decode()
    assert "Periksa berkas" in html
    response, _pending = upload(client, SimpleUploadedFile("registry.pdf", b"%PDF-1.4"))
    assert "Silakan unggah berkas .csv atau .xlsx." in response.content.decode()
