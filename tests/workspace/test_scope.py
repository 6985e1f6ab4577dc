"""Regional scope in the program workspace: every list, export, object page and action.

Three regencies (Alfa and Beta in Jawa Barat, Gamma in Jawa Tengah) and four managers: national,
province (Jawa Barat), regency (Kota Bandung = Alfa) and one without an area. The tables below
list every URL covered, so the coverage is visible at a glance.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from incubator import services
from incubator.models import (
    Assistance,
    Cohort,
    CompanionAssignment,
    EntrepreneurProfile,
    IncomeThreshold,
    PromotionRequest,
    Region,
    Tier,
)
from tests.factories.workspace import (
    build_areas,
    english_admin,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

MANAGERS = ["national", "province", "regency", "none"]

# listing URL → what names each area's row in it
LISTINGS = [
    ("workspace_entrepreneurs:index", "business"),
    ("workspace_entrepreneurs:index_results", "business"),
    ("workspace_milestones:index", "business"),
    ("workspace_assignments:index", "business"),
    ("workspace_assistance:index", "business"),
    ("workspace_promotions:index", "business"),
    ("workspace_cohorts:index", "cohort"),
    ("workspace_companions:index", "companion"),
    ("workspace_income_thresholds:index", "regency"),
    ("workspace_regions:index", "regency"),
    ("mentoring_admin:conversations", "business"),
    ("mentoring_admin:workload", "companion"),
]

# CSV/XLSX exports → the column holding the area's marker
EXPORTS = [
    ("workspace_entrepreneurs:index", "business"),
    ("workspace_milestones:index", "business"),
    ("workspace_assistance:index", "business"),
    ("workspace_promotions:index", "business"),
    ("mentoring_admin:conversations", "business"),
    ("mentoring_admin:workload", "companion"),
]


def marker(area, kind: str) -> str:
    return {
        "business": area.business,
        "cohort": area.cohort.name,
        "companion": area.companion.full_name,
        "regency": area.regency.name,
    }[kind]


@pytest.fixture
def areas():
    return build_areas()


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("who", MANAGERS)
@pytest.mark.parametrize(("url_name", "kind"), LISTINGS)
def test_listing_shows_exactly_the_managers_area(client, areas, who, url_name, kind):
    client.force_login(areas.manager(who))
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = body(response)
    visible = areas.visible_to(who)
    for area in areas.all():
        assert (marker(area, kind) in html) == (area in visible), (who, area.key)


@pytest.mark.parametrize("who", MANAGERS)
@pytest.mark.parametrize(("url_name", "kind"), EXPORTS)
def test_csv_export_holds_only_the_managers_area(client, areas, who, url_name, kind):
    client.force_login(areas.manager(who))
    response = client.get(reverse(url_name), {"export": "csv"})
    assert response.status_code == 200
    text = body(response)
    assert list(csv.reader(io.StringIO(text)))  # a real CSV, with at least its heading
    visible = areas.visible_to(who)
    for area in areas.all():
        assert (marker(area, kind) in text) == (area in visible), (who, area.key)


def test_xlsx_export_holds_only_the_regency(client, areas):
    client.force_login(areas.regency_manager)
    response = client.get(reverse("workspace_assistance:index"), {"export": "xlsx"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    cells = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row}
    assert areas.alfa.business in cells
    assert areas.beta.business not in cells and areas.gamma.business not in cells


def test_filters_offer_only_the_areas_choices(client, areas):
    client.force_login(areas.regency_manager)
    html = body(client.get(reverse("workspace_entrepreneurs:index")))
    assert "Angkatan Alfa" in html
    assert "Angkatan Beta" not in html and "Angkatan Gamma" not in html
    assert "Kabupaten Klaten" not in html and "Pendamping Gamma" not in html


def test_filtering_by_an_outside_cohort_by_url_shows_nothing_of_it(client, areas):
    client.force_login(areas.regency_manager)
    html = body(client.get(reverse("workspace_entrepreneurs:index"), {"cohort": areas.gamma.cohort.pk}))
    assert areas.gamma.business not in html


# object page → (url name, how to get its args from an area); regency manager: 404 outside
OBJECT_PAGES = [
    ("workspace_entrepreneurs:edit", lambda a: [a.profile.pk]),
    ("workspace_entrepreneurs:inspect", lambda a: [a.profile.pk]),
    ("workspace_entrepreneurs:history", lambda a: [a.profile.pk]),
    ("workspace_entrepreneurs:usage", lambda a: [a.profile.pk]),
    ("workspace_milestones:history", lambda a: [a.profile.milestones.first().pk]),
    ("workspace_assignments:history", lambda a: [a.assignment.pk]),
    ("workspace_assistance:history", lambda a: [a.assistance.pk]),
    ("workspace_companions:history", lambda a: [a.companion.mentor_profile.pk]),
    ("workspace_income_thresholds:history", lambda a: [a.threshold.pk]),
    ("workspace_regions:history", lambda a: [a.regency.pk]),
    ("workspace_cohorts:edit", lambda a: [a.cohort.pk]),
    ("workspace_cohorts:history", lambda a: [a.cohort.pk]),
    ("workspace_companions:edit", lambda a: [a.companion.mentor_profile.pk]),
    ("workspace_assignments:edit", lambda a: [a.assignment.pk]),
    ("workspace_assistance:edit", lambda a: [a.assistance.pk]),
    ("workspace_income_thresholds:edit", lambda a: [a.threshold.pk]),
    ("workspace_income_thresholds:delete", lambda a: [a.threshold.pk]),
]


@pytest.mark.parametrize(("url_name", "args"), OBJECT_PAGES)
def test_regency_manager_cannot_open_objects_outside_their_area_by_url(client, areas, url_name, args):
    client.force_login(areas.regency_manager)
    assert client.get(reverse(url_name, args=args(areas.alfa))).status_code == 200
    for outside in (areas.beta, areas.gamma):
        assert client.get(reverse(url_name, args=args(outside))).status_code == 404, outside.key


@pytest.mark.parametrize(("url_name", "args"), OBJECT_PAGES)
def test_province_manager_opens_every_regency_of_the_province(client, areas, url_name, args):
    client.force_login(areas.province_manager)
    assert client.get(reverse(url_name, args=args(areas.beta))).status_code == 200
    assert client.get(reverse(url_name, args=args(areas.gamma))).status_code == 404


def test_manager_without_area_opens_nothing(client, areas):
    client.force_login(areas.no_area)
    for url_name, args in OBJECT_PAGES:
        assert client.get(reverse(url_name, args=args(areas.alfa))).status_code == 404, url_name


def test_proof_of_receipt_outside_the_area_is_not_found(client, areas):
    from django.utils import timezone

    from incubator import services
    from tests.incubator.photos import phone_jpeg

    for area in (areas.alfa, areas.gamma):
        approved = services.approve_assistance(area.assistance, by=areas.national)
        services.deliver_assistance(  # four eyes: the companion records what the national manager approved
            approved, by=area.companion, delivered_on=timezone.localdate(), proof=phone_jpeg()
        )
    client.force_login(areas.regency_manager)
    assert (
        client.get(reverse("workspace_assistance:proof", args=[areas.alfa.assistance.pk])).status_code == 200
    )
    assert (
        client.get(reverse("workspace_assistance:proof", args=[areas.gamma.assistance.pk])).status_code == 404
    )


def test_program_wide_records_are_written_by_national_managers_only(client, areas):
    from tests.incubator.factories import MilestoneTemplateFactory

    template = MilestoneTemplateFactory()
    client.force_login(areas.regency_manager)
    assert client.get(reverse("workspace_milestone_templates:index")).status_code == 200
    for url in (
        reverse("workspace_milestone_templates:add"),
        reverse("workspace_milestone_templates:edit", args=[template.pk]),
        reverse("workspace_regions:add"),
        reverse("workspace_regions:edit", args=[areas.alfa.regency.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url  # Wagtail answers a refusal with a redirect
    before = Region.objects.count()
    client.post(
        reverse("workspace_regions:add"),
        {"name": "Baru", "level": "district", "parent": areas.alfa.regency.pk},
    )
    assert Region.objects.count() == before
    client.force_login(areas.national)
    assert client.get(reverse("workspace_regions:edit", args=[areas.alfa.regency.pk])).status_code == 200


# ---------------------------------------------------------------- actions by POST (edited URLs)


def test_promotion_decisions_outside_the_area_are_refused_and_change_nothing(client, areas):
    client.force_login(areas.regency_manager)
    for outside in (areas.beta, areas.gamma):
        pk = outside.promotion.pk
        assert client.post(reverse("workspace_promotions:decide", args=[pk, "approve"])).status_code == 404
        response = client.post(reverse("workspace_promotions:decide", args=[pk, "decline"]), {"reason": "x"})
        assert response.status_code == 404
        assert PromotionRequest.objects.get(pk=pk).status == PromotionRequest.Status.PENDING
        assert EntrepreneurProfile.objects.get(pk=outside.profile.pk).tier == Tier.BEGINNER
    response = client.post(reverse("workspace_promotions:decide", args=[areas.alfa.promotion.pk, "approve"]))
    assert response.status_code == 302
    assert EntrepreneurProfile.objects.get(pk=areas.alfa.profile.pk).tier == Tier.DEVELOPING


@pytest.mark.parametrize(
    ("action", "data"), [("approve", {}), ("cancel", {"reason": "Tidak jadi"})], ids=["approve", "cancel"]
)
def test_assistance_actions_outside_the_area_are_refused(client, areas, action, data):
    client.force_login(areas.regency_manager)
    url = reverse("workspace_assistance:edit", args=[areas.gamma.assistance.pk])
    assert client.post(url, {"action": action, **data}).status_code == 404
    assert Assistance.objects.get(pk=areas.gamma.assistance.pk).status == Assistance.Status.PLANNED
    own = reverse("workspace_assistance:edit", args=[areas.alfa.assistance.pk])
    assert client.post(own, {"action": action, **data}).status_code == 302
    assert Assistance.objects.get(pk=areas.alfa.assistance.pk).status != Assistance.Status.PLANNED


def test_ending_an_assignment_outside_the_area_is_refused(client, areas):
    client.force_login(areas.regency_manager)
    url = reverse("workspace_assignments:edit", args=[areas.beta.assignment.pk])
    assert client.post(url, {"action": "end", "reason": "Pindah"}).status_code == 404
    assert CompanionAssignment.objects.get(pk=areas.beta.assignment.pk).ended_at is None


def test_editing_a_profile_outside_the_area_is_refused(client, areas):
    client.force_login(areas.regency_manager)
    url = reverse("workspace_entrepreneurs:edit", args=[areas.gamma.profile.pk])
    assert client.post(url, {"business_name": "Diubah", "sector": "food"}).status_code == 404
    assert EntrepreneurProfile.objects.get(pk=areas.gamma.profile.pk).business_name == "Warung Gamma"


def test_a_profile_cannot_be_moved_out_of_the_area(client, areas):
    profile = areas.alfa.profile
    client.force_login(areas.regency_manager)
    response = client.post(
        reverse("workspace_entrepreneurs:edit", args=[profile.pk]),
        {
            "business_name": profile.business_name,
            "sector": "food",
            "cohort": areas.alfa.cohort.pk,
            "province": areas.gamma.province.pk,
            "regency": areas.gamma.regency.pk,
        },
    )
    assert response.status_code == 200  # the form again, with its errors
    assert EntrepreneurProfile.objects.get(pk=profile.pk).regency_id == areas.alfa.regency.pk


def test_edit_form_offers_the_province_above_a_regency_manager(client, areas):
    client.force_login(areas.regency_manager)
    html = body(client.get(reverse("workspace_entrepreneurs:edit", args=[areas.alfa.profile.pk])))
    assert "Jawa Barat" in html and "Jawa Tengah" not in html
    assert "Kabupaten Bandung" not in html


@pytest.mark.parametrize(
    ("url_name", "data", "model"),
    [
        (
            "workspace_assignments:add",
            lambda a: {"profile": a.gamma.profile.pk, "companion": a.alfa.companion.pk, "role": "mentor"},
            CompanionAssignment,
        ),
        (
            "workspace_assignments:add",
            lambda a: {"profile": a.alfa.profile.pk, "companion": a.gamma.companion.pk, "role": "mentor"},
            CompanionAssignment,
        ),
        (
            "workspace_assistance:add",
            lambda a: {
                "profile": a.gamma.profile.pk,
                "kind": "cash",
                "plan_item": "Gerobak",
                "amount": 100000,
            },
            Assistance,
        ),
        (
            "workspace_cohorts:add",
            lambda a: {
                "name": "Angkatan Baru",
                "region": a.gamma.regency.pk,
                "start_date": "2026-05-01",
                "is_active": "on",
            },
            Cohort,
        ),
        (
            "workspace_income_thresholds:add",
            lambda a: {"regency": a.gamma.regency.pk, "monthly_amount": 1, "effective_from": "2026-06-01"},
            IncomeThreshold,
        ),
    ],
    ids=["assign-outside-profile", "assign-outside-companion", "plan-assistance", "cohort", "threshold"],
)
def test_create_forms_refuse_choices_outside_the_area(client, areas, url_name, data, model):
    before = model.objects.count()
    client.force_login(areas.regency_manager)
    response = client.post(reverse(url_name), data(areas))
    assert response.status_code == 200  # the form again, with its errors
    assert model.objects.count() == before


def test_regency_manager_creates_inside_the_area(client, areas):
    client.force_login(areas.regency_manager)
    response = client.post(
        reverse("workspace_cohorts:add"),
        {
            "name": "Angkatan Baru",
            "region": areas.alfa.regency.pk,
            "start_date": "2026-05-01",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Cohort.objects.filter(name="Angkatan Baru", region=areas.alfa.regency).exists()


def test_companion_edit_keeps_the_regions_a_regional_manager_cannot_see(client, areas):
    profile = areas.alfa.companion.mentor_profile
    profile.regions.add(areas.gamma.regency)
    client.force_login(areas.regency_manager)
    url = reverse("workspace_companions:edit", args=[profile.pk])
    html = body(client.get(url))
    assert "Kabupaten Klaten" not in html
    data = {"kind": profile.kind, "capacity": 10, "is_active": "on", "regions": [areas.alfa.regency.pk]}
    assert client.post(url, data).status_code == 302
    assert set(profile.regions.all()) == {areas.alfa.regency, areas.gamma.regency}


def test_regional_manager_names_a_region_for_a_new_companion(client, areas):
    client.force_login(areas.regency_manager)
    data = {"email": "baru@example.test", "full_name": "Pendamping Baru", "kind": "tksk", "capacity": 5}
    assert client.post(reverse("workspace_companions:add"), data).status_code == 200
    assert (
        client.post(
            reverse("workspace_companions:add"), {**data, "regions": [areas.alfa.regency.pk]}
        ).status_code
        == 302
    )
    assert "Pendamping Baru" in body(client.get(reverse("workspace_companions:index")))


# ---------------------------------------------------------------- report, home, import


def report_rows(client, **params) -> dict[tuple[str, str], str]:
    response = client.get(reverse("workspace_report:index"), {**params, "export": "csv"})
    rows = list(csv.reader(io.StringIO(body(response))))
    return {(row[0], row[1]): row[2] for row in rows if len(row) >= 3}  # past the title/scope/filters block


@pytest.mark.parametrize(
    ("who", "total"), [("national", "3"), ("province", "2"), ("regency", "1"), ("none", "0")]
)
def test_program_report_and_its_export_count_only_the_area(client, areas, who, total):
    client.force_login(areas.manager(who))
    assert report_rows(client)[("Participants", "All")] == total
    assert client.get(reverse("workspace_report:index"), {"export": "xlsx"}).status_code == 200


def test_program_report_ignores_a_cohort_or_region_outside_the_area(client, areas):
    client.force_login(areas.regency_manager)
    assert report_rows(client, region=areas.gamma.regency.pk)[("Participants", "All")] == "1"
    rows = report_rows(client, cohort=areas.gamma.cohort.pk)
    assert rows[("Participants", "All")] == "1"
    assert not any("Angkatan Gamma" in label for _section, label in rows)
    html = body(client.get(reverse("workspace_report:index")))
    assert "Angkatan Gamma" not in html and "Kabupaten Klaten" not in html


@pytest.mark.parametrize(("who", "total"), [("national", 3), ("province", 2), ("regency", 1)])
def test_home_panels_count_only_the_area(client, areas, who, total):
    client.force_login(areas.manager(who))
    response = client.get(reverse("wagtailadmin_home"))
    chart = response.content.decode()
    assert f"<strong>{total}</strong> promotion" in chart or f"<strong>{total}</strong> promotions" in chart
    assert "No area assigned yet" not in chart


def test_home_tells_a_manager_without_area_why_lists_are_empty(client, areas):
    client.force_login(areas.no_area)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "No area assigned yet" in html
    assert "Participants per tier" not in html


def test_import_refuses_rows_outside_the_area_with_a_row_message(areas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from incubator.scope import scope_for
    from workspace import importing, tasks

    rows = [
        {
            "name": f"Peserta Baru {n}",
            "phone": f"08123456780{n}",
            "email": f"baru{n}@example.test",
            "province": province,
            "regency": regency,
            "district": "",
            "business_name": f"Usaha Baru {n}",
            "sector": "food",
            "cohort": cohort,
        }
        for n, (province, regency, cohort) in enumerate(
            [
                ("Jawa Barat", "Kota Bandung", "Angkatan Alfa"),
                ("Jawa Tengah", "Kabupaten Klaten", "Angkatan Gamma"),
                ("Jawa Barat", "Kota Bandung", "Angkatan Beta"),
            ]
        )
    ]
    results = importing.check_rows(rows, scope=scope_for(areas.regency_manager))
    assert results[0].errors == []
    assert any("outside your area" in error for error in results[1].errors)
    assert any("Angkatan Beta" in error and "outside your area" in error for error in results[2].errors)
    before = EntrepreneurProfile.objects.count()
    table = [list(rows[0]), *[list(row.values()) for row in rows]]
    data = "\n".join(",".join(cells) for cells in table).encode()
    job = importing.start_import(SimpleUploadedFile("registry.csv", data), by=areas.regency_manager)
    tasks.run_import.call(job.pk)
    job.refresh_from_db()
    assert (job.created, job.skipped) == (1, 2)
    assert {number for number, message in job.errors if "outside your area" in message} == {3, 4}
    assert EntrepreneurProfile.objects.count() == before + 1


def test_entrepreneur_list_queries_do_not_grow_for_a_regional_manager(client, areas):
    from tests.factories.workspace import Program

    client.force_login(areas.regency_manager)
    url = reverse("workspace_entrepreneurs:index")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    count()  # the first view marks the inbox items about this page seen (one-off writes)
    few = count()
    alfa = areas.alfa
    Program(
        manager=areas.national,
        mentor=alfa.companion,
        social=alfa.companion,
        province=alfa.province,
        regency=alfa.regency,
        district=None,
        cohort=alfa.cohort,
    ).bulk_profiles(30)
    assert count() == few


def test_private_files_outside_the_area_are_not_found(areas):
    """``/files/<kind>/<pk>/`` (evidence, business photo, proof of receipt) asks this selector."""
    from incubator.selectors import can_see_private_files

    assert can_see_private_files(areas.regency_manager, areas.alfa.profile)
    assert not can_see_private_files(areas.regency_manager, areas.gamma.profile)


def test_profile_service_refuses_a_manager_outside_the_area_and_moving_a_family_out(areas):
    from incubator.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.update_business_profile(areas.gamma.profile, by=areas.regency_manager, business_name="X")
    with pytest.raises(NotAllowed):
        services.update_business_profile(
            areas.alfa.profile,
            by=areas.regency_manager,
            province=areas.gamma.province,
            regency=areas.gamma.regency,
            district=None,
        )
    areas.gamma.profile.refresh_from_db()
    areas.alfa.profile.refresh_from_db()
    assert areas.gamma.profile.business_name == "Warung Gamma"
    assert areas.alfa.profile.regency == areas.alfa.regency
    services.update_business_profile(
        areas.alfa.profile, by=areas.regency_manager, business_name="Warung Baru"
    )
    areas.alfa.profile.refresh_from_db()
    assert areas.alfa.profile.business_name == "Warung Baru"
