from __future__ import annotations

import datetime

import pytest
from PIL import Image

from accounts import roles
from incubator.models import TierChange
from mentoring.selectors import Access
from mentoring.timeline import timeline_for
from pillars import selectors, services
from pillars.errors import Forbidden, PillarError
from pillars.models import AreaTarget, BimtekEvent, BimtekParticipant, CommunitySession, Indicator
from tests.incubator.photos import phone_jpeg
from tests.pillars.helpers import event_in, session_data, trained


def test_a_regional_manager_cannot_plan_a_bimtek_outside_their_area(world):
    with pytest.raises(Forbidden):
        event_in(world.bogor, by=world.bandung_manager)
    assert not BimtekEvent.objects.exists()


def test_an_in_person_bimtek_needs_a_place_and_dates_in_order(world):
    with pytest.raises(PillarError):
        event_in(world.bandung, by=world.bandung_manager, place="")
    with pytest.raises(PillarError):
        event_in(world.bandung, by=world.bandung_manager, ends_on=datetime.date(2026, 11, 1))
    assert not BimtekEvent.objects.exists()


def test_only_pillars_of_the_area_are_invited_and_capacity_holds(world):
    event = event_in(world.bandung, by=world.bandung_manager, capacity=1)
    with pytest.raises(PillarError):
        services.invite_pillars(event, by=world.bandung_manager, users=[world.bogor_tksk])
    services.invite_pillars(event, by=world.bandung_manager, users=[world.tksk])
    with pytest.raises(PillarError):
        services.add_participant_by_phone(
            event, by=world.bandung_manager, full_name="Ani", phone="081299990000"
        )
    assert list(event.participants.values_list("user_id", flat=True)) == [world.tksk.pk]


def test_a_pillar_without_an_account_is_added_by_name_and_phone(world):
    event = event_in(world.bandung, by=world.bandung_manager)
    row = services.add_participant_by_phone(
        event, by=world.bandung_manager, full_name="Ani Karang Taruna", phone="0812 9999 0000"
    )
    user = row.user
    assert user.phone == "+6281299990000"
    assert not user.has_usable_password()
    assert roles.roles_of(user) == {roles.MENTOR}
    with pytest.raises(PillarError):
        services.add_participant_by_phone(
            event, by=world.bandung_manager, full_name="Lagi", phone="081299990000"
        )


def test_completion_waits_for_the_last_day_and_goes_to_those_present(world):
    event = event_in(
        world.bandung,
        by=world.national,
        starts_on=datetime.date(2026, 11, 10),
        ends_on=datetime.date(2026, 11, 12),
    )
    extra = services.add_participant_by_phone(
        event, by=world.national, full_name="Absen", phone="081277770000"
    )
    services.invite_pillars(event, by=world.national, users=[world.tksk])
    services.record_attendance(event, by=world.national, present=[world.tksk.pk])
    with pytest.raises(PillarError):
        services.issue_completion(event, by=world.national)
    with pytest.raises(PillarError):
        services.record_attendance(event, by=world.national, present=[world.bogor_tksk.pk])

    event.ends_on = datetime.date(2026, 11, 10)
    event.save()
    assert services.issue_completion(event, by=world.national) == 1
    assert selectors.is_trained(world.tksk)
    assert not selectors.is_trained(extra.user)
    with pytest.raises(PillarError):
        services.issue_completion(event, by=world.national)


def test_a_signed_attendance_list_alone_completes_everyone_invited(world):
    event = event_in(world.bandung, by=world.national)
    services.invite_pillars(event, by=world.national, users=[world.tksk])
    with pytest.raises(PillarError):
        services.issue_completion(event, by=world.national)
    services.attach_attendance_list(event, by=world.national, photo=phone_jpeg())
    event.refresh_from_db()
    assert "exif" not in Image.open(event.attendance_photo.open("rb")).info
    assert services.issue_completion(event, by=world.national) == 1


def test_only_a_trained_pillar_logs_a_community_session(world):
    with pytest.raises(Forbidden):
        services.log_community_session(by=world.tksk, data=session_data(world))
    assert not CommunitySession.objects.exists()


def test_a_trained_pillar_logs_a_session_with_families_counts_and_clean_photos(world):
    trained(world)
    session = services.log_community_session(by=world.tksk, data=session_data(world), photos=[phone_jpeg()])
    assert set(session.participants.all()) == set(world.families)
    assert session.others == 12
    photo = session.photos.get()
    image = Image.open(photo.image.open("rb"))
    assert not image.getexif().get_ifd(0x8825)
    assert "exif" not in image.info


@pytest.mark.parametrize(
    "overrides",
    [
        {"date": datetime.date(2026, 11, 11)},
        {"village": " "},
        {"duration_minutes": 2},
        {"women": -1},
    ],
)
def test_a_bad_session_is_refused_and_nothing_is_stored(world, overrides):
    trained(world)
    with pytest.raises(PillarError):
        services.log_community_session(by=world.tksk, data=session_data(world, **overrides))
    assert not CommunitySession.objects.exists()


def test_a_session_stays_in_the_pillars_area_and_its_families(world):
    trained(world)
    with pytest.raises(Forbidden):
        services.log_community_session(
            by=world.tksk, data=session_data(world, region=world.bogor, participants=[])
        )
    with pytest.raises(PillarError):
        services.log_community_session(
            by=world.tksk, data=session_data(world, participants=[*world.families, world.bogor_family])
        )
    with pytest.raises(PillarError):
        services.log_community_session(by=world.tksk, data=session_data(world), photos=[phone_jpeg()] * 6)
    assert not CommunitySession.objects.exists()


def test_families_who_attended_see_the_session_on_their_timeline(world):
    trained(world)
    services.log_community_session(by=world.tksk, data=session_data(world))
    family = world.families[0]
    page = timeline_for(family, user=family.user, access=Access.OWNER)
    assert [entry.kind for entry in page.entries] == ["community_session"]
    other = timeline_for(world.bogor_family, user=world.bogor_family.user, access=Access.OWNER)
    assert other.entries == []
    assert list(selectors.sessions_for_profile(family)) == list(CommunitySession.objects.all())


def test_a_manager_of_the_area_verifies_a_session_once(world):
    trained(world)
    session = services.log_community_session(by=world.tksk, data=session_data(world))
    with pytest.raises(Forbidden):
        services.verify_session(session, by=world.bogor_manager)
    services.verify_session(session, by=world.bandung_manager)
    session.refresh_from_db()
    assert session.verified_by == world.bandung_manager
    with pytest.raises(PillarError):
        services.verify_session(session, by=world.national)


def test_regional_managers_set_targets_only_for_their_area(world):
    with pytest.raises(Forbidden):
        services.set_target(
            by=world.bandung_manager, year=2026, region=None, indicator="sessions_held", value=5
        )
    with pytest.raises(Forbidden):
        services.set_target(
            by=world.bandung_manager, year=2026, region=world.bogor, indicator="sessions_held", value=5
        )
    with pytest.raises(PillarError):
        services.set_target(
            by=world.bandung_manager, year=2026, region=world.bandung, indicator="nope", value=5
        )
    services.set_target(
        by=world.bandung_manager, year=2026, region=world.bandung, indicator="sessions_held", value=5
    )
    services.set_target(
        by=world.bandung_manager, year=2026, region=world.bandung, indicator="sessions_held", value=4
    )
    services.set_target(by=world.national, year=2026, region=None, indicator="sessions_held", value=100)
    assert AreaTarget.objects.get(region=world.bandung).value == 4
    assert AreaTarget.objects.count() == 2


def test_targets_against_actuals_for_a_known_dataset(world):
    trained(world)
    services.log_community_session(by=world.tksk, data=session_data(world))
    trained(world, world.bogor_tksk, region=world.bogor)
    TierChange.objects.create(
        profile=world.families[0], from_tier="beginner", to_tier="developing", changed_at=world_now()
    )
    services.set_target(
        by=world.bandung_manager, year=2026, region=world.bandung, indicator="sessions_held", value=4
    )
    services.set_target(
        by=world.bandung_manager, year=2026, region=world.bandung, indicator="people_reached", value=28
    )
    rows = {row.indicator: row for row in selectors.board(year=2026, region=world.bandung)}
    assert rows[Indicator.FAMILIES_ENROLLED].actual == 2
    assert rows[Indicator.PILLARS_TRAINED].actual == 1
    assert rows[Indicator.PROMOTED].actual == 1
    assert (rows[Indicator.SESSIONS_HELD].actual, rows[Indicator.SESSIONS_HELD].percent) == (1, 25)
    assert (rows[Indicator.PEOPLE_REACHED].actual, rows[Indicator.PEOPLE_REACHED].percent) == (14, 50)
    assert rows[Indicator.GRADUATED_UMK].actual == 0
    assert rows[Indicator.MEDIAN_MONTHS].actual is None  # no graduation: no median, not zero
    assert rows[Indicator.BSIMU_PER_GRADUATE].actual is None
    national = {row.indicator: row for row in selectors.board(year=2026, region=None)}
    assert national[Indicator.PILLARS_TRAINED].actual == 2
    assert national[Indicator.FAMILIES_ENROLLED].actual == 3
    assert selectors.board(year=2025, region=world.bandung)[0].actual == 0

    (row,) = selectors.cascade(scope=selectors.area_scope(world.bandung), year=2026)
    assert (row.trained, row.sessions, row.reached, row.families, row.promoted) == (1, 1, 14, 2, 1)


def world_now():
    from django.utils import timezone

    return timezone.now()


def _grow(world, n):
    for i in range(n):
        services.log_community_session(by=world.tksk, data=session_data(world, village=f"Desa {i}"))


def test_board_and_cascade_queries_do_not_grow_with_the_data(world, django_assert_num_queries):
    trained(world)
    _grow(world, 1)
    with django_assert_num_queries(12):
        selectors.board(year=2026, region=world.bandung)
    with django_assert_num_queries(4):
        selectors.cascade(scope=selectors.area_scope(world.bandung), year=2026)
    _grow(world, 5)
    BimtekParticipant.objects.update(organisation=None)
    with django_assert_num_queries(12):
        selectors.board(year=2026, region=world.bandung)
    with django_assert_num_queries(4):
        selectors.cascade(scope=selectors.area_scope(world.bandung), year=2026)


def _graduate(profile, *, enrolled_on, graduated_on, at_umk_12_months=None):
    import datetime as dt

    from incubator.models import GraduationWatch

    profile.enrolled_on = enrolled_on
    profile.save(update_fields=["enrolled_on"])
    change = TierChange.objects.create(
        profile=profile,
        from_tier="advanced",
        to_tier="graduated",
        changed_at=dt.datetime.combine(graduated_on, dt.time(10), tzinfo=dt.UTC),
    )
    GraduationWatch.objects.create(
        profile=profile,
        tier_change=change,
        graduated_on=graduated_on,
        ends_on=graduated_on.replace(year=graduated_on.year + 1),
        from_tier="advanced",
        at_umk_12_months=at_umk_12_months,
    )


def test_placement_and_graduation_indicators_are_computed_from_the_program_data(world):
    import datetime as dt

    from incubator.models import Assistance, IntakeAssessment
    from tests.incubator.factories import EntrepreneurProfileFactory

    first, second = world.families
    # Placed: a confirmed intake moves the family to its group (a tier change naming the assessment).
    assessment = IntakeAssessment.objects.create(
        profile=first,
        status="confirmed",
        suggested_tier="developing",
        placed_tier="developing",
        assessed_by=world.bandung_manager,
        assessed_on=dt.date(2026, 2, 1),
        total=10,
        max_total=18,
        baseline_revenue=2_000_000,
        baseline_costs=1_500_000,
    )
    TierChange.objects.create(
        profile=first, from_tier="", to_tier="developing", changed_at=world_now(), placement=assessment
    )
    # Graduated this year after 10 and 15 months; a graduate of last year still at the UMK 12 months on.
    _graduate(first, enrolled_on=dt.date(2025, 5, 1), graduated_on=dt.date(2026, 3, 1))
    _graduate(second, enrolled_on=dt.date(2025, 3, 1), graduated_on=dt.date(2026, 6, 20))
    earlier = EntrepreneurProfileFactory(province=world.province, regency=world.bandung)
    _graduate(
        earlier, enrolled_on=dt.date(2024, 1, 1), graduated_on=dt.date(2025, 2, 1), at_umk_12_months=True
    )
    for profile, amount in ((first, 3_000_000), (second, 2_000_000), (earlier, 9_000_000)):
        Assistance.objects.create(
            profile=profile,
            kind=Assistance.Kind.choices[0][0],
            plan_item="Oven",
            tier="advanced",
            amount=amount,
            status=Assistance.Status.DELIVERED,
            delivered_on=dt.date(2025, 12, 1),
        )

    rows = {row.indicator: row.actual for row in selectors.board(year=2026, region=world.bandung)}
    assert rows[Indicator.PLACED_DEVELOPING] == 1
    assert rows[Indicator.PLACED_BEGINNER] == rows[Indicator.PLACED_ADVANCED] == 0
    assert rows[Indicator.GRADUATED_UMK] == 2
    assert rows[Indicator.MEDIAN_MONTHS] == 12  # median of 10 and 15 months = 12.5, in whole months
    assert rows[Indicator.BSIMU_PER_GRADUATE] == 2_500_000
    assert rows[Indicator.ABOVE_UMK_12M] == 1
    assert selectors.board(year=2026, region=world.bogor)[5].actual == 0  # another area: nothing


def test_whole_months_between_two_dates():
    import datetime as dt

    assert selectors.months_between(dt.date(2026, 1, 15), dt.date(2026, 3, 14)) == 1
    assert selectors.months_between(dt.date(2026, 1, 15), dt.date(2026, 3, 15)) == 2
    assert selectors.months_between(dt.date(2025, 11, 30), dt.date(2026, 2, 1)) == 2


def test_the_cascade_counts_per_organisation_and_area(world):
    from pillars.models import PillarOrganisation

    trained(world)
    unit = PillarOrganisation.objects.create(
        name="Karang Taruna Dago", kind="karang_taruna", region=world.bandung
    )
    unit.members.add(world.tksk)
    services.log_community_session(by=world.tksk, data=session_data(world, organisation=unit))
    services.log_community_session(
        by=world.tksk, data=session_data(world, participants=[], village="Coblong")
    )
    rows = {
        row.organisation: (row.sessions, row.reached)
        for row in selectors.cascade(scope=selectors.area_scope(world.bandung), year=2026)
    }
    assert rows["Karang Taruna Dago"] == (1, 14)  # two families and twelve others
    assert sorted(rows.values()) == [(1, 12), (1, 14)]
