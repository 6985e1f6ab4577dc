"""The complaint flow's rules: raising, numbering, the status machine and its history."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from complaints import services
from complaints.models import Category, Complaint, ComplaintCounter, ComplaintEvent, Status
from complaints.services import ComplaintError
from tests.incubator.factories import AssignmentFactory, MentorProfileFactory
from tests.incubator.photos import fake_jpeg, phone_jpeg

WIB = datetime.timezone(datetime.timedelta(hours=7))


def walk_to(world, complaint, status):
    """Move a complaint forward through every step up to ``status``, as the Bandung manager."""
    by = world.bandung_manager
    steps = {
        Status.ASSIGNED: lambda c: services.assign_complaint(c, by=by, handler=by),
        Status.IN_PROGRESS: lambda c: services.start_complaint(c, by=by),
        Status.RESOLVED: lambda c: services.resolve_complaint(c, by=by, note="Bantuan sudah diantar."),
        Status.CLOSED: lambda c: services.close_complaint(c, by=by),
    }
    for step in (Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED):
        complaint = steps[step](complaint)
        if step == status:
            break
    return complaint


# -- raising ---------------------------------------------------------------------------------------


def test_an_entrepreneurs_complaint_is_numbered_new_and_in_their_region(world):
    complaint = world.raise_()
    year = timezone.localtime(complaint.created_at).year
    assert complaint.number == f"ADU-{year}-000001"
    assert complaint.status == Status.NEW
    assert complaint.region == world.bandung
    assert complaint.profile == world.profile
    event = complaint.events.get()
    assert (event.kind, event.to_status, event.actor) == (
        ComplaintEvent.Kind.RAISED,
        Status.NEW,
        world.entrepreneur,
    )


def test_numbers_follow_each_other_and_restart_each_year(world):
    first, second = world.raise_(), world.raise_()
    year = timezone.localtime(first.created_at).year
    assert second.number == f"ADU-{year}-000002"
    ComplaintCounter.objects.create(year=year + 1, last=41)
    assert services._next_number(year + 1) == f"ADU-{year + 1}-000042"
    assert Complaint.objects.values("number").distinct().count() == 2


@pytest.mark.django_db(transaction=True)
def test_numbers_stay_unique_when_raised_at_the_same_moment(world):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race is exercised on PostgreSQL")
    errors = []

    def raise_one():
        try:
            world.raise_()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=raise_one) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Complaint.objects.values("number").distinct().count() == 6


def test_a_companion_raises_about_their_entrepreneur_and_it_lands_in_that_region(world):
    complaint = world.raise_(by=world.pair.mentor, about=world.profile, category=Category.DATA)
    assert (complaint.profile, complaint.region) == (world.profile, world.bandung)


def test_a_companion_cannot_raise_about_someone_they_do_not_accompany(world):
    with pytest.raises(ComplaintError):
        world.raise_(by=world.pair.mentor, about=world.klaten_profile)
    assert not Complaint.objects.exists()


def test_without_a_profile_the_raiser_chooses_a_regency(world):
    companion = MentorProfileFactory().user
    with pytest.raises(ComplaintError):
        world.raise_(by=companion)
    with pytest.raises(ComplaintError):
        world.raise_(by=companion, region=world.jabar)  # a whole province is too vague
    complaint = world.raise_(by=companion, region=world.klaten, category=Category.HEALTH)
    assert complaint.region == world.klaten and complaint.profile is None


def test_a_scoped_manager_raises_only_in_their_area(world):
    with pytest.raises(ComplaintError):
        world.raise_(by=world.bandung_manager, region=world.klaten)
    assert world.raise_(by=world.bandung_manager, region=world.bandung).region == world.bandung


@pytest.mark.parametrize(
    ("kwargs", "category"),
    [
        ({"description": "   "}, Category.ASSISTANCE),
        ({}, "lost"),
        ({"description": "x" * 4001}, Category.DATA),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(world, kwargs, category):
    with pytest.raises(ComplaintError):
        world.raise_(category=category, **kwargs)
    assert not Complaint.objects.exists()
    assert not ComplaintEvent.objects.exists()
    assert not ComplaintCounter.objects.filter(last__gt=0).exists()


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_written(world):
    with pytest.raises(ComplaintError):
        world.raise_(photo=fake_jpeg())
    assert not Complaint.objects.exists()


def test_a_photo_is_kept_without_its_location(world):
    complaint = world.raise_(photo=phone_jpeg())
    event = complaint.events.get()
    assert event.photo and event.thumbnail
    from PIL import Image

    with event.photo.open("rb") as handle:
        assert not Image.open(handle).getexif().get_ifd(0x8825)


# On a weekday with a moving clock: a second clock reading would land microseconds later.
@pytest.mark.date_sensitive
@time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=WIB), tick=True)
def test_the_target_is_counted_in_working_days(world):
    complaint = world.raise_(category=Category.HARASSMENT)
    from complaints.targets import add_working_days

    assert complaint.due_at == add_working_days(complaint.created_at, 2)


@pytest.mark.date_sensitive
@time_machine.travel(datetime.datetime(2026, 12, 31, 23, 59, 59, 999_000, tzinfo=WIB), tick=True)
def test_one_clock_reading_gives_the_number_the_timestamps_and_the_history_their_time(world):
    complaint = world.raise_()
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.created_at == stored.updated_at == complaint.created_at
    assert stored.events.get().created_at == stored.created_at
    assert stored.number.startswith(f"ADU-{timezone.localtime(stored.created_at).year}-")


@pytest.mark.date_sensitive
@time_machine.travel(datetime.datetime(2026, 12, 4, 23, 55, tzinfo=WIB), tick=False)
def test_raised_on_friday_at_2355_wib_it_is_due_on_tuesday_at_2355(world):
    harassment = world.raise_(category=Category.HARASSMENT)  # 2 working days
    assistance = world.raise_(category=Category.ASSISTANCE)  # 5 working days
    assert harassment.due_at == datetime.datetime(2026, 12, 8, 23, 55, tzinfo=WIB)
    assert assistance.due_at == datetime.datetime(2026, 12, 11, 23, 55, tzinfo=WIB)
    assert harassment.number == "ADU-2026-000001"


@pytest.mark.date_sensitive
@time_machine.travel(datetime.datetime(2026, 8, 17, 9, 0, tzinfo=WIB), tick=False)
def test_raised_on_independence_day_it_counts_from_the_next_morning(world, settings):
    settings.TUMBUH_HOLIDAYS = ["2026-08-18"]  # and a cuti bersama day the deployment added
    complaint = world.raise_(category=Category.HEALTH)  # from Wednesday 19 at 00:00: Thu 20, Fri 21, Mon 24
    assert complaint.due_at == datetime.datetime(2026, 8, 24, 0, 0, tzinfo=WIB)


# -- the status machine ----------------------------------------------------------------------------


def test_the_whole_path_records_who_when_and_a_note(world):
    complaint = walk_to(world, world.raise_(), Status.CLOSED)
    events = list(complaint.events.order_by("pk"))
    assert [(e.kind, e.from_status, e.to_status) for e in events] == [
        ("raised", "", "new"),
        ("status", "new", "assigned"),
        ("status", "assigned", "in_progress"),
        ("status", "in_progress", "resolved"),
        ("status", "resolved", "closed"),
    ]
    assert all(e.actor == world.bandung_manager for e in events[1:])
    assert events[3].note == "Bantuan sudah diantar."
    assert complaint.resolved_at and complaint.closed_at


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.NEW, lambda c, by: services.start_complaint(c, by=by)),
        (Status.NEW, lambda c, by: services.resolve_complaint(c, by=by, note="Selesai")),
        (Status.NEW, lambda c, by: services.close_complaint(c, by=by)),
        (Status.ASSIGNED, lambda c, by: services.resolve_complaint(c, by=by, note="Selesai")),
        (Status.ASSIGNED, lambda c, by: services.refer_complaint(c, by=by, referred_to="Puskesmas")),
        (Status.IN_PROGRESS, lambda c, by: services.close_complaint(c, by=by)),
        (Status.RESOLVED, lambda c, by: services.start_complaint(c, by=by)),
        (Status.CLOSED, lambda c, by: services.start_complaint(c, by=by)),
        (Status.CLOSED, lambda c, by: services.assign_complaint(c, by=by, handler=by)),
    ],
)
def test_no_step_can_be_skipped(world, status, action):
    complaint = walk_to(world, world.raise_(), status) if status != Status.NEW else world.raise_()
    before = complaint.events.count()
    with pytest.raises(ComplaintError):
        action(complaint, world.bandung_manager)
    complaint.refresh_from_db()
    assert complaint.status == status
    assert complaint.events.count() == before


def test_referral_needs_where_to_and_is_shown(world):
    complaint = walk_to(world, world.raise_(category=Category.CIVIL_REGISTRY), Status.IN_PROGRESS)
    with pytest.raises(ComplaintError):
        services.refer_complaint(complaint, by=world.bandung_manager, referred_to="  ")
    complaint = services.refer_complaint(
        complaint, by=world.bandung_manager, referred_to="Disdukcapil Kota Bandung", note="Untuk akta lahir."
    )
    assert complaint.status == Status.REFERRED and complaint.referred_to == "Disdukcapil Kota Bandung"
    assert complaint.resolved_at is not None


def test_resolving_needs_a_note(world):
    complaint = walk_to(world, world.raise_(), Status.IN_PROGRESS)
    with pytest.raises(ComplaintError):
        services.resolve_complaint(complaint, by=world.bandung_manager, note="")
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS


def test_a_closed_complaint_reopens_only_with_a_reason(world):
    complaint = walk_to(world, world.raise_(), Status.CLOSED)
    with pytest.raises(ComplaintError):
        services.reopen_complaint(complaint, by=world.bandung_manager, reason=" ")
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    complaint = services.reopen_complaint(
        complaint, by=world.bandung_manager, reason="Bantuan ternyata kurang."
    )
    assert complaint.status == Status.IN_PROGRESS
    assert complaint.closed_at is None and complaint.resolved_at is None
    event = complaint.events.latest("pk")
    assert (event.kind, event.from_status, event.to_status, event.note) == (
        "reopened",
        "closed",
        "in_progress",
        "Bantuan ternyata kurang.",
    )


def test_only_a_closed_complaint_can_be_reopened(world):
    complaint = walk_to(world, world.raise_(), Status.RESOLVED)
    with pytest.raises(ComplaintError):
        services.reopen_complaint(complaint, by=world.bandung_manager, reason="Alasan")


def test_only_managers_of_the_area_move_a_complaint(world, stranger):
    complaint = world.raise_()
    for outsider in (world.klaten_manager, world.unscoped, world.entrepreneur, world.pair.mentor, stranger):
        with pytest.raises(ComplaintError):
            services.assign_complaint(complaint, by=outsider, handler=world.bandung_manager)
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW and complaint.events.count() == 1


def test_the_handler_must_be_a_manager_of_the_area(world):
    complaint = world.raise_()
    with pytest.raises(ComplaintError):
        services.assign_complaint(complaint, by=world.bandung_manager, handler=world.klaten_manager)
    services.assign_complaint(complaint, by=world.bandung_manager, handler=world.jabar_manager)
    complaint.refresh_from_db()
    assert complaint.handler == world.jabar_manager


def test_the_handler_can_change_while_open_and_it_is_recorded(world):
    complaint = walk_to(world, world.raise_(), Status.IN_PROGRESS)
    complaint = services.assign_complaint(
        complaint, by=world.bandung_manager, handler=world.national, note="Cuti"
    )
    assert complaint.status == Status.IN_PROGRESS and complaint.handler == world.national
    event = complaint.events.latest("pk")
    assert (event.kind, event.handler, event.note) == ("assigned", world.national, "Cuti")


def test_harassment_is_moved_only_by_safeguarding_officers(world):
    complaint = world.raise_(category=Category.HARASSMENT, description="Pesan tidak pantas.")
    with pytest.raises(ComplaintError):
        services.assign_complaint(complaint, by=world.bandung_manager, handler=world.bandung_manager)
    with pytest.raises(ComplaintError):
        services.assign_complaint(complaint, by=world.safeguarding, handler=world.bandung_manager)
    services.assign_complaint(complaint, by=world.safeguarding, handler=world.safeguarding)


# -- information from the raiser, and telling them ---------------------------------------------------


def test_the_raiser_adds_information_while_open_but_not_once_closed(world):
    complaint = walk_to(world, world.raise_(), Status.RESOLVED)
    event = services.add_information(
        complaint, by=world.entrepreneur, note="Ini fotonya.", photo=phone_jpeg()
    )
    assert event.kind == "information" and event.photo
    complaint = services.close_complaint(complaint, by=world.bandung_manager)
    with pytest.raises(ComplaintError):
        services.add_information(complaint, by=world.entrepreneur, note="Masih belum beres.")
    assert complaint.events.filter(kind="information").count() == 1


def test_nobody_else_adds_information(world, stranger):
    complaint = world.raise_()
    for outsider in (stranger, world.pair.mentor, world.klaten_manager):
        with pytest.raises(ComplaintError):
            services.add_information(complaint, by=outsider, note="Halo")
    with pytest.raises(ComplaintError):
        services.add_information(complaint, by=world.entrepreneur, note="  ")
    assert complaint.events.count() == 1


def test_the_raiser_is_told_of_each_status_change_after_commit(world, django_capture_on_commit_callbacks):
    from unittest import mock

    complaint = world.raise_()
    with (
        mock.patch("core.notifications.async_to_sync") as sync,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.assign_complaint(complaint, by=world.bandung_manager, handler=world.bandung_manager)
    groups = [c.args[0] for c in sync.return_value.call_args_list]
    events = [c.args[1]["event"] for c in sync.return_value.call_args_list]
    assert f"user.{world.entrepreneur.pk}" in groups
    told = events[groups.index(f"user.{world.entrepreneur.pk}")]
    assert told["type"] == "complaint" and told["status"] == "assigned" and told["number"] == complaint.number


def test_working_day_targets_skip_weekends():
    from complaints.targets import add_working_days, working_days_between

    tz = timezone.get_current_timezone()
    friday = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=tz)
    assert add_working_days(friday, 5) == datetime.datetime(2026, 12, 4, 10, 0, tzinfo=tz)
    assert add_working_days(friday, 1) == datetime.datetime(2026, 11, 30, 10, 0, tzinfo=tz)  # Monday
    saturday = datetime.datetime(2026, 11, 28, 15, 0, tzinfo=tz)
    assert add_working_days(saturday, 2) == datetime.datetime(2026, 12, 2, 0, 0, tzinfo=tz)
    assert working_days_between(friday, datetime.datetime(2026, 12, 1, 9, 0, tzinfo=tz)) == 2


def test_holidays_from_the_setting_are_skipped(settings):
    from complaints.targets import add_working_days

    settings.TUMBUH_HOLIDAYS = ["2026-12-25"]
    tz = timezone.get_current_timezone()
    thursday = datetime.datetime(2026, 12, 24, 9, 0, tzinfo=tz)
    assert add_working_days(thursday, 1) == datetime.datetime(2026, 12, 28, 9, 0, tzinfo=tz)


def test_an_ended_assignment_no_longer_lets_a_companion_raise_about_the_entrepreneur(world):
    companion = AssignmentFactory(profile=world.other_profile, ended_at=timezone.now()).companion
    with pytest.raises(ComplaintError):
        world.raise_(by=companion, about=world.other_profile)
