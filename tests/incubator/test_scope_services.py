"""Regional scope in the services: a direct call (or a forged POST) cannot act outside the area,
and only national managers set areas."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from incubator import services
from incubator.errors import IncubatorError, NotAllowed
from incubator.models import (
    Assistance,
    CompanionAssignment,
    CompanionRole,
    EntrepreneurProfile,
    ManagerScope,
    PromotionRequest,
    Tier,
)
from incubator.scope import Scope, scope_for
from incubator.services.scopes import AREA_LOG_ACTION, remove_manager_scope, set_manager_scope
from tests.factories import NO_AREA, EntrepreneurUserFactory, ManagerUserFactory, UserFactory
from tests.factories.workspace import (
    build_areas,
    english_admin,  # noqa: F401  (a fixture)
)
from tests.incubator.factories import DistrictFactory, MentorProfileFactory
from tests.incubator.photos import phone_jpeg

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def areas():
    return build_areas()


def _enrol_in(area):
    def run(by):
        return services.enroll_entrepreneur(
            EntrepreneurUserFactory(),
            by=by,
            cohort=area.cohort,
            province=area.province,
            regency=area.regency,
            business_name="Usaha Baru",
            sector="food",
            consent=True,
        )

    return run


# service → a call on the Gamma (Jawa Tengah) area's records by ``by``
ACTIONS = {
    "approve_promotion": lambda a, by: services.approve_promotion(a.gamma.promotion, by=by),
    "decline_promotion": lambda a, by: services.decline_promotion(a.gamma.promotion, by=by, reason="Belum"),
    "plan_assistance": lambda a, by: services.plan_assistance(
        a.gamma.profile, by=by, kind="cash", plan_item="Gerobak", amount=100_000
    ),
    "approve_assistance": lambda a, by: services.approve_assistance(a.gamma.assistance, by=by),
    "cancel_assistance": lambda a, by: services.cancel_assistance(a.gamma.assistance, by=by, reason="Batal"),
    "deliver_assistance": lambda a, by: services.deliver_assistance(
        a.gamma.assistance, by=by, delivered_on=timezone.localdate(), proof=phone_jpeg()
    ),
    "assign_companion": lambda a, by: services.assign_companion(
        a.gamma.profile, MentorProfileFactory().user, role=CompanionRole.MENTOR, by=by
    ),
    "assign_outside_companion": lambda a, by: services.assign_companion(
        a.alfa.profile, a.gamma.companion, role=CompanionRole.MENTOR, by=by
    ),
    "end_assignment": lambda a, by: services.end_assignment(a.gamma.assignment, by=by, reason="Pindah"),
    "enroll_entrepreneur": lambda a, by: _enrol_in(a.gamma)(by),
}


def snapshot(areas) -> tuple:
    return (
        list(PromotionRequest.objects.order_by("pk").values_list("status", flat=True)),
        list(Assistance.objects.order_by("pk").values_list("status", flat=True)),
        list(CompanionAssignment.objects.order_by("pk").values_list("companion_id", "ended_at")),
        EntrepreneurProfile.objects.count(),
        EntrepreneurProfile.objects.get(pk=areas.gamma.profile.pk).tier,
    )


@pytest.mark.parametrize("who", ["regency", "province", "none"])
@pytest.mark.parametrize("action", ACTIONS)
def test_services_refuse_managers_outside_their_area_and_change_nothing(areas, who, action):
    if action == "deliver_assistance":
        services.approve_assistance(areas.gamma.assistance, by=areas.national)
    before = snapshot(areas)
    with pytest.raises(NotAllowed) as refused:
        ACTIONS[action](areas, areas.manager(who))
    expected = "No area has been assigned" if who == "none" else "outside your area"
    assert expected in str(refused.value)
    assert snapshot(areas) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_national_managers_act_everywhere(areas, action):
    if action == "deliver_assistance":  # four eyes: the approver may not also record the delivery
        services.approve_assistance(areas.gamma.assistance, by=ManagerUserFactory())
    ACTIONS[action](areas, areas.national)


def test_province_manager_acts_in_every_regency_of_the_province(areas):
    change = services.approve_promotion(areas.beta.promotion, by=areas.province_manager)
    assert change.to_tier == Tier.DEVELOPING
    services.approve_assistance(areas.beta.assistance, by=areas.province_manager)
    _enrol_in(areas.beta)(areas.province_manager)


def test_a_companion_still_enrols_where_they_work(areas):
    """The enrolment check is for managers; companions and self-enrolment are not narrowed by it."""
    person = EntrepreneurUserFactory()
    services.enroll_entrepreneur(
        person,
        by=person,
        cohort=areas.gamma.cohort,
        province=areas.gamma.province,
        regency=areas.gamma.regency,
        business_name="Usaha Sendiri",
        sector="food",
        consent=True,
    )


# ---------------------------------------------------------------- setting areas


def test_national_manager_sets_a_regional_area_recorded_with_who(areas):
    manager = ManagerUserFactory(area=NO_AREA)
    assert scope_for(manager).empty
    record = set_manager_scope(manager, areas.gamma.regency, by=areas.national)
    assert (record.region, record.set_by) == (areas.gamma.regency, areas.national)
    assert scope_for(manager) == Scope(region=areas.gamma.regency)
    set_manager_scope(manager, None, by=areas.national)
    assert scope_for(manager).national
    remove_manager_scope(manager, by=areas.national)
    assert scope_for(manager).empty and not ManagerScope.objects.filter(user=manager).exists()
    set_manager_scope(manager, None, by=areas.national)
    set_manager_scope(manager, None, by=areas.national)  # unchanged: no new history row
    history = ModelLogEntry.objects.filter(action=AREA_LOG_ACTION, object_id=str(manager.pk)).order_by("pk")
    assert [(entry.message, entry.user_id) for entry in history] == [
        ("Manager's area set to: Kabupaten Klaten", areas.national.pk),
        ("Manager's area set to: national", areas.national.pk),
        ("Manager's area removed: sees nothing", areas.national.pk),
        ("Manager's area set to: national", areas.national.pk),
    ]


def test_superuser_may_set_areas(areas):
    admin = UserFactory(is_superuser=True, is_staff=True)
    record = set_manager_scope(areas.no_area, areas.alfa.province, by=admin)
    assert record.region == areas.alfa.province


@pytest.mark.parametrize("who", ["regency", "province", "none"])
def test_regional_managers_cannot_change_any_area(areas, who):
    target = ManagerUserFactory(area=NO_AREA)
    with pytest.raises(NotAllowed):
        set_manager_scope(target, areas.alfa.regency, by=areas.manager(who))
    with pytest.raises(NotAllowed):
        set_manager_scope(areas.manager(who), None, by=areas.manager(who))  # not even their own
    with pytest.raises(NotAllowed):
        remove_manager_scope(areas.national, by=areas.manager(who))
    assert not ManagerScope.objects.filter(user=target).exists()
    assert scope_for(areas.national).national


def test_an_area_is_a_province_or_a_regency(areas):
    district = DistrictFactory(name="Wedi", parent=areas.gamma.regency)
    with pytest.raises(IncubatorError):
        set_manager_scope(areas.no_area, district, by=areas.national)
    assert not ManagerScope.objects.filter(user=areas.no_area).exists()


def test_scope_queries_narrow_to_the_area(areas):
    regency, province = scope_for(areas.regency_manager), scope_for(areas.province_manager)
    names = lambda scope: set(  # noqa: E731
        EntrepreneurProfile.objects.filter(scope.profile_q()).values_list("business_name", flat=True)
    )
    assert names(regency) == {"Warung Alfa"}
    assert names(province) == {"Warung Alfa", "Warung Beta"}
    assert province.contains_cohort(areas.beta.cohort) and not regency.contains_cohort(areas.beta.cohort)
    assert regency.contains_companion(areas.alfa.companion)
    assert not regency.contains_companion(areas.gamma.companion)
    assert not scope_for(areas.no_area).contains_companion(areas.alfa.companion)


# ---------------------------------------------------------------- the report command


def test_program_report_command_is_national_unless_a_region_is_given(areas):
    out = io.StringIO()
    call_command("program_report", "--format", "json", stdout=out)
    assert '"total": 3' in out.getvalue()
    out = io.StringIO()
    call_command("program_report", "--format", "json", "--region", str(areas.alfa.province.pk), stdout=out)
    assert '"total": 2' in out.getvalue()
