"""Who sees a complaint: its raiser, the managers of its area, and for harassment only safeguarding
officers — in the lists, the detail pages, the counts, the export and the photos."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import selectors
from complaints.models import Category
from tests.incubator.photos import phone_jpeg

QUEUE = reverse("complaints_admin:index")
EXPORT = reverse("complaints_admin:export")


def admin_detail(c):
    return reverse("complaints_admin:detail", args=[c.pk])


@pytest.fixture
def cases(world):
    return {
        "bandung": world.raise_(description="Bantuan belum datang", photo=phone_jpeg()),
        "harassment": world.raise_(category=Category.HARASSMENT, description="Pendamping berkata kasar"),
        "klaten": world.raise_(by=world.klaten_profile.user, description="Data usaha salah"),
    }


def test_the_raiser_sees_their_own_including_harassment(world, cases, client_for):
    client = client_for(world.entrepreneur)
    page = client.get(reverse("complaints:list")).content.decode()
    assert cases["bandung"].number in page and cases["harassment"].number in page
    assert cases["klaten"].number not in page
    for c in (cases["bandung"], cases["harassment"]):
        assert client.get(c.get_absolute_url()).status_code == 200
    event = cases["bandung"].events.get()
    assert client.get(reverse("complaints:photo", args=[cases["bandung"].pk, event.pk])).status_code == 200


def test_other_entrepreneurs_and_companions_get_404(world, cases, client_for, stranger):
    event = cases["bandung"].events.get()
    for person in (stranger, world.other_profile.user, world.pair.mentor, world.klaten_profile.user):
        client = client_for(person)
        assert client.get(cases["bandung"].get_absolute_url()).status_code == 404
        assert (
            client.get(reverse("complaints:photo", args=[cases["bandung"].pk, event.pk])).status_code == 404
        )
        response = client.post(
            reverse("complaints:add_information", args=[cases["bandung"].pk]), {"note": "x"}
        )
        assert response.status_code == 404
        assert cases["bandung"].number not in client.get(reverse("complaints:list")).content.decode()
    assert cases["bandung"].events.count() == 1


def test_an_area_manager_sees_their_area_without_harassment(world, cases, client_for):
    client = client_for(world.bandung_manager)
    page = client.get(QUEUE).content.decode()
    assert cases["bandung"].number in page
    assert cases["harassment"].number not in page
    assert cases["klaten"].number not in page
    assert client.get(admin_detail(cases["bandung"])).status_code == 200
    assert client.get(admin_detail(cases["harassment"])).status_code == 404
    assert client.get(admin_detail(cases["klaten"])).status_code == 404
    assert client.get(cases["harassment"].get_absolute_url()).status_code == 404
    export = client.get(EXPORT + "?status=all").content.decode()
    assert cases["bandung"].number in export
    assert cases["harassment"].number not in export and cases["klaten"].number not in export
    counts = selectors.queue_counts(user=world.bandung_manager, now=timezone.now())
    assert counts["open"] == 1


def test_a_manager_outside_the_area_gets_404_even_by_url_and_cannot_act(world, cases, client_for):
    client = client_for(world.klaten_manager)
    target = cases["bandung"]
    assert client.get(admin_detail(target)).status_code == 404
    url = reverse("complaints_admin:act", args=[target.pk, "assign"])
    assert client.post(url, {"handler": world.klaten_manager.pk}).status_code == 404
    target.refresh_from_db()
    assert target.status == "new"
    assert selectors.queue_counts(user=world.klaten_manager, now=timezone.now())["open"] == 1


def test_a_province_manager_and_a_national_manager_see_below_them(world, cases, client_for):
    assert {c.number for c in selectors.complaints_for_handler(user=world.jabar_manager)} == {
        cases["bandung"].number
    }
    national = {c.number for c in selectors.complaints_for_handler(user=world.national)}
    assert national == {cases["bandung"].number, cases["klaten"].number}


def test_a_manager_without_an_area_sees_nothing(world, cases, client_for):
    client = client_for(world.unscoped)
    assert client.get(admin_detail(cases["bandung"])).status_code == 404
    assert "ADU-" not in client.get(QUEUE).content.decode()
    assert selectors.queue_counts(user=world.unscoped, now=timezone.now()) == {"open": 0, "overdue": 0}


def test_a_safeguarding_officer_sees_harassment_in_their_area(world, cases, client_for):
    client = client_for(world.safeguarding)
    page = client.get(QUEUE).content.decode()
    assert cases["harassment"].number in page and cases["bandung"].number in page
    assert cases["klaten"].number not in page
    assert client.get(admin_detail(cases["harassment"])).status_code == 200
    assert client.get(cases["harassment"].get_absolute_url()).status_code == 200
    assert cases["harassment"].number in client.get(EXPORT).content.decode()
    assert selectors.queue_counts(user=world.safeguarding, now=timezone.now())["open"] == 2
    assert (
        selectors.complaint_metrics(
            selectors.complaints_for_handler(user=world.safeguarding), now=timezone.now()
        )["by_category"]["harassment"]
        == 1
    )


def test_plain_managers_get_no_harassment_in_metrics_and_filters(world, cases, client_for):
    metrics = selectors.complaint_metrics(
        selectors.complaints_for_handler(user=world.national), now=timezone.now()
    )
    assert metrics["by_category"]["harassment"] == 0 and metrics["total"] == 2
    page = client_for(world.national).get(QUEUE + "?category=harassment").content.decode()
    assert cases["harassment"].number not in page
    assert 'value="harassment"' not in page


def test_the_safeguarding_group_holds_the_permission_and_program_managers_do_not(world):
    assert world.safeguarding.has_perm("complaints.handle_harassment")
    assert not world.national.has_perm("complaints.handle_harassment")
    assert not world.bandung_manager.has_perm("complaints.handle_harassment")


def test_entrepreneurs_cannot_open_the_admin_queue(world, cases, client_for):
    response = client_for(world.entrepreneur).get(QUEUE)
    assert response.status_code in (302, 403)
    assert cases["bandung"].number not in response.content.decode()


def test_a_safeguarding_officer_without_the_manager_role_uses_the_queue(world, cases, client_for):
    from django.contrib.auth.models import Group

    from accounts.models import User
    from complaints.permissions import SAFEGUARDING
    from incubator.models import ManagerScope
    from tests.factories import UserFactory

    officer = UserFactory()
    officer.groups.add(Group.objects.get(name=SAFEGUARDING))
    ManagerScope.objects.create(user=officer, region=world.jabar)
    client = client_for(User.objects.get(pk=officer.pk))
    page = client.get(QUEUE).content.decode()
    assert cases["harassment"].number in page and cases["klaten"].number not in page
    assert client.get(admin_detail(cases["harassment"])).status_code == 200
