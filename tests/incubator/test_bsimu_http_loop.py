"""The whole BSiMU loop through the pages (the browser journey's steps, at HTTP level): plan, a refused
self-approval, approval by a second manager, the companion's delivery, the family's confirmation, the
report."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from incubator import services
from incubator.models import Assistance
from tests.factories import ManagerUserFactory
from tests.incubator import photos

pytestmark = pytest.mark.django_db


def test_plan_approve_deliver_confirm_and_report_through_the_pages(world, client):
    services.set_budget(world.profile.cohort, by=world.manager, amount=5_000_000)
    approver = ManagerUserFactory()
    client.force_login(world.manager)
    response = client.post(
        reverse("workspace_assistance:add"),
        {"profile": world.profile.pk, "kind": "goods", "plan_item": "Etalase kaca", "amount": "2000000"},
    )
    assert response.status_code == 302
    item = Assistance.objects.get()
    edit = reverse("workspace_assistance:edit", args=[item.pk])

    with translation.override("id"):  # the site's language
        own_plan = gettext("You planned this assistance; another manager must approve it.")
    response = client.post(edit, {"action": "approve"})
    assert own_plan in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert Assistance.objects.get().status == "planned"

    client.force_login(approver)
    client.post(edit, {"action": "approve"})
    assert Assistance.objects.get().status == "approved"

    client.force_login(world.social)
    response = client.post(
        reverse("incubator:deliver_assistance", args=[item.pk]),
        {
            "amount": "2.000.000",
            "delivered_on": timezone.localdate().isoformat(),
            "proof": photos.phone_jpeg(),
        },
    )
    assert response.status_code == 302

    client.force_login(world.entrepreneur)
    client.post(reverse("incubator:assistance_receipt", args=[item.pk]), {"answer": "yes"})
    item = Assistance.objects.get()
    assert (item.status, item.receipt) == ("delivered", "confirmed")
    assert (item.recorded_by, item.approved_by, item.delivered_by) == (world.manager, approver, world.social)

    client.force_login(world.manager)
    page = client.get(reverse("workspace_report:index")).content.decode()
    row = page[page.index('data-bsimu-row="beginner"') :]
    row = row[: row.index("</tr>")]
    assert row.count("1 · Rp 2.000.000") == 4
