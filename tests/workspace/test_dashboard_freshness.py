"""Issue 17: what the back office changes shows on the families' dashboards at once, cache or not:
a milestone template edited (the families of its old and new tier recounted), a person renamed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from incubator import selectors, services
from incubator.errors import NotAllowed
from incubator.models import EntrepreneurProfile, MilestoneTemplate, Tier
from tests.factories import ManagerUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _template_data(template: MilestoneTemplate, **changes) -> dict:
    fields = {
        "tier": template.tier,
        "order": template.order,
        "code": template.code,
        "title": template.title,
        "title_en": template.title_en,
        "description": template.description,
        "description_en": template.description_en,
        "category": template.category,
        "is_required": template.is_required,
        "asks_text": template.asks_text,
        "asks_photos": template.asks_photos,
        "asks_amount": template.asks_amount,
        "amount_label": template.amount_label,
        "amount_label_en": template.amount_label_en,
        "is_active": template.is_active,
        **changes,
    }
    # A checkbox left unticked is absent from the POST.
    return {k: ("on" if v is True else v) for k, v in fields.items() if v is not False}


def _developing_family(world) -> EntrepreneurProfile:
    profile = world.enroll()
    EntrepreneurProfile.objects.filter(pk=profile.pk).update(tier=Tier.DEVELOPING)
    services.refresh_progress([profile.pk])
    return profile


def _required_total(profile: EntrepreneurProfile) -> int:
    return EntrepreneurProfile.objects.values_list("required_total", flat=True).get(pk=profile.pk)


def test_a_template_made_required_in_the_admin_shows_on_the_dashboard_at_once(client, world):
    optional = world.templates[Tier.BEGINNER][2]
    assert selectors.dashboard_for(world.entrepreneur).required_total == 2  # the cache filled
    client.force_login(world.manager)
    response = client.post(
        reverse("workspace_milestone_templates:edit", args=[optional.pk]),
        _template_data(optional, is_required=True, title="Catat kas harian"),
    )
    assert response.status_code == 302, response.content[:2000]
    dashboard = selectors.dashboard_for(world.entrepreneur)
    assert dashboard.required_total == 3
    assert selectors.progress_drift(EntrepreneurProfile.objects.all()) == []


def test_a_template_moved_to_another_tier_recounts_both_tiers(client, world):
    developing = _developing_family(world)
    moved = world.templates[Tier.BEGINNER][0]
    assert (_required_total(world.profile), _required_total(developing)) == (2, 2)
    selectors.dashboard_for(world.entrepreneur)
    client.force_login(world.manager)
    response = client.post(
        reverse("workspace_milestone_templates:edit", args=[moved.pk]),
        _template_data(moved, tier=Tier.DEVELOPING, order=9),
    )
    assert response.status_code == 302
    assert (_required_total(world.profile), _required_total(developing)) == (1, 3)
    assert selectors.dashboard_for(world.entrepreneur).required_total == 1


def test_a_template_added_or_deactivated_in_the_admin_recounts_its_tier(client, world):
    client.force_login(world.manager)
    new = MilestoneTemplate(
        tier=Tier.BEGINNER, order=7, code="izin-usaha", title="Urus NIB", description="NIB"
    )
    response = client.post(reverse("workspace_milestone_templates:add"), _template_data(new))
    assert response.status_code == 302
    assert _required_total(world.profile) == 3
    first = world.templates[Tier.BEGINNER][0]
    client.post(
        reverse("workspace_milestone_templates:edit", args=[first.pk]), _template_data(first, is_active=False)
    )
    assert _required_total(world.profile) == 2
    assert selectors.progress_drift(EntrepreneurProfile.objects.all()) == []


def test_a_regional_manager_still_cannot_edit_a_template(client, world):
    template = world.templates[Tier.BEGINNER][2]
    regional = ManagerUserFactory(area=world.regency)
    client.force_login(regional)
    response = client.post(
        reverse("workspace_milestone_templates:edit", args=[template.pk]),
        _template_data(template, is_required=True),
    )
    assert response.status_code in (302, 403)
    assert not MilestoneTemplate.objects.get(pk=template.pk).is_required
    assert _required_total(world.profile) == 2
    # The service refuses them too, whoever calls it.
    template.is_required = True
    with pytest.raises(NotAllowed):
        services.save_milestone_template(template, by=regional)
    with pytest.raises(NotAllowed):
        services.save_milestone_template(template, by=world.mentor)
    assert not MilestoneTemplate.objects.get(pk=template.pk).is_required


def test_a_template_no_family_has_is_deleted_and_its_tier_recounted(world):
    unused = MilestoneTemplate.objects.create(
        tier=Tier.BEGINNER, order=8, code="belum-dipakai", title="Belum", description="-"
    )
    services.recount_tiers([Tier.BEGINNER])
    assert _required_total(world.profile) == 3
    services.delete_milestone_template(unused, by=world.manager)
    assert _required_total(world.profile) == 2
    used = world.templates[Tier.BEGINNER][0]
    with pytest.raises(NotAllowed):
        services.delete_milestone_template(used, by=world.manager)
    assert MilestoneTemplate.objects.filter(pk=used.pk).exists()


def _user_data(user, **changes) -> dict:
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name or "Nama",
        "last_name": user.last_name or "Depan",
        "full_name": user.full_name,
        "phone": "",
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "password1": "",
        "password2": "",
        "manager_area": "",
        **changes,
    }


def dashboard(user):
    """The dashboard in one language: a request of the test client leaves its own language active,
    which would read another cache entry."""
    with translation.override("en"):
        return selectors.dashboard_for(user)


def test_a_companion_renamed_in_the_user_admin_shows_on_their_families_dashboards_at_once(world):
    family, admin = Client(), Client()
    family.force_login(world.entrepreneur)
    admin.force_login(world.manager)
    page = reverse("incubator:portal_home")
    assert world.mentor.full_name in family.get(page).content.decode()  # the cache filled
    assert str(dashboard(world.entrepreneur).mentor.companion) == world.mentor.full_name
    response = admin.post(
        reverse("wagtailusers_users:edit", args=[world.mentor.pk]),
        _user_data(world.mentor, full_name="Pak Budi Santoso"),
    )
    assert response.status_code == 302, response.content[:2000]
    assert str(dashboard(world.entrepreneur).mentor.companion) == "Pak Budi Santoso"
    assert "Pak Budi Santoso" in family.get(page).content.decode()


def test_an_entry_maker_renamed_shows_on_the_entries_made_for_the_family(client, world):
    services.update_business_profile(world.profile, by=world.social, village="Sukamaju")
    [entry] = dashboard(world.entrepreneur).entered_for_you
    assert entry.actor.full_name == world.social.full_name
    client.force_login(world.manager)
    client.post(
        reverse("wagtailusers_users:edit", args=[world.social.pk]),
        _user_data(world.social, full_name="Bu Sari Wulandari"),
    )
    [entry] = dashboard(world.entrepreneur).entered_for_you
    assert entry.actor.full_name == "Bu Sari Wulandari"


def test_a_person_deleted_in_the_user_admin_leaves_no_name_on_the_entries_they_made(client, world):
    helper = ManagerUserFactory()
    services.update_business_profile(world.profile, by=helper, village="Sukamaju")
    [entry] = dashboard(world.entrepreneur).entered_for_you
    assert entry.actor.pk == helper.pk
    admin = User.objects.create_superuser("akar", "akar@example.test", "Xy-very-strong-9911")
    client.force_login(admin)
    response = client.post(reverse("wagtailusers_users:delete", args=[helper.pk]))
    assert response.status_code == 302
    assert not User.objects.filter(pk=helper.pk).exists()
    [entry] = dashboard(world.entrepreneur).entered_for_you
    assert entry.actor is None
