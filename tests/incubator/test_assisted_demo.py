"""The demo's phone-only entrepreneur, registered and helped by the demo social companion."""

import io

from accounts import demo as account_demo
from accounts import roles
from accounts.models import ConsentRecord, User
from incubator import demo
from incubator.models import CompanionAssignment, MonthlyReport, MonthlyReportEvent, ProfileChange


def _assisted_rows(user):
    return (
        User.objects.filter(phone=account_demo.ASSISTED_PHONE).count(),
        ConsentRecord.objects.filter(user=user).count(),
        ProfileChange.objects.filter(profile__user=user).count(),
        MonthlyReport.objects.filter(profile__user=user).count(),
        MonthlyReportEvent.objects.filter(report__profile__user=user).count(),
        CompanionAssignment.objects.filter(profile__user=user).count(),
    )


def test_the_demo_has_a_phone_only_entrepreneur_helped_by_the_companion(db, client):
    roles.sync_groups()
    people = account_demo.seed()
    demo.seed(people=people, stdout=io.StringIO())

    user = User.objects.get(phone=account_demo.ASSISTED_PHONE)
    tksk = User.objects.get(email=account_demo.ASSISTED_COMPANION)
    assert not user.email and not user.has_usable_password()
    assert ConsentRecord.objects.get(user=user).captured_by == tksk
    profile = user.entrepreneur_profile
    assert profile.registered_by == tksk
    kinds = {(c.kind, c.actor_id, c.on_behalf_of_id) for c in ProfileChange.objects.filter(profile=profile)}
    assert kinds == {("registered", tksk.pk, user.pk), ("edited", tksk.pk, user.pk)}
    report = MonthlyReport.objects.get(profile=profile)
    assert report.entered_by == tksk and report.verified_at is None
    assert set(profile.assignments.filter(ended_at=None).values_list("role", flat=True)) == {
        "mentor",
        "social",
    }

    # The marks are visible to her.
    client.force_login(user)
    page = client.get("/portal/").text
    assert "Diisi oleh" in page and "Yanti Rahmawati" in page

    before = _assisted_rows(user)
    demo.seed(people=account_demo.seed(), stdout=io.StringIO())
    assert _assisted_rows(user) == before
