"""A small program in two provinces, with the people who raise and handle complaints."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from complaints import services
from complaints.models import Category, Complaint
from complaints.permissions import SAFEGUARDING
from incubator.models import EntrepreneurProfile, ManagerScope, Region
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory
from tests.incubator.factories import EntrepreneurProfileFactory, ProvinceFactory, RegencyFactory
from tests.mentoring.factories import Pair, make_pair
from tests.shared_data import build_once


def manager(area: Region | None, *, safeguarding: bool = False, scoped: bool = True) -> User:
    user = ManagerUserFactory()
    if scoped:
        ManagerScope.objects.update_or_create(user=user, defaults={"region": area})
    else:
        ManagerScope.objects.filter(user=user).delete()
    if safeguarding:
        user.groups.add(Group.objects.get(name=SAFEGUARDING))
    return User.objects.get(pk=user.pk)  # fresh: no cached roles, scope or permissions


@dataclass
class World:
    bandung: Region
    klaten: Region
    jabar: Region
    pair: Pair  # an entrepreneur in Kota Bandung and their business mentor, with a conversation
    profile: EntrepreneurProfile
    other_profile: EntrepreneurProfile  # another entrepreneur in Kota Bandung
    klaten_profile: EntrepreneurProfile
    national: User
    bandung_manager: User
    jabar_manager: User
    klaten_manager: User
    safeguarding: User  # a Bandung manager who also holds the safeguarding permission
    unscoped: User

    @property
    def entrepreneur(self) -> User:
        return self.profile.user

    def raise_(self, by: User | None = None, category: str = Category.ASSISTANCE, **kw) -> Complaint:
        return services.raise_complaint(
            by=by or self.entrepreneur,
            category=category,
            description=kw.pop("description", "Bantuan etalase belum saya terima."),
            **kw,
        )


def build_world() -> World:
    jabar = ProvinceFactory(name="Jawa Barat")
    bandung = RegencyFactory(name="Kota Bandung", parent=jabar)
    klaten = RegencyFactory(name="Kabupaten Klaten", parent=ProvinceFactory(name="Jawa Tengah"))
    profile = EntrepreneurProfileFactory(province=jabar, regency=bandung)
    pair = make_pair(profile=profile)
    return World(
        bandung=bandung,
        klaten=klaten,
        jabar=jabar,
        pair=pair,
        profile=profile,
        other_profile=EntrepreneurProfileFactory(province=jabar, regency=bandung),
        klaten_profile=EntrepreneurProfileFactory(province=klaten.parent, regency=klaten),
        national=manager(None),
        bandung_manager=manager(bandung),
        jabar_manager=manager(jabar),
        klaten_manager=manager(klaten),
        safeguarding=manager(bandung, safeguarding=True),
        unscoped=manager(None, scoped=False),
    )


@pytest.fixture
def stranger(db) -> User:
    return EntrepreneurUserFactory()


# Built once for each test module (tests/shared_data.py): a copy of the objects for each test.
_world_once, world = build_once(build_world, name="world", fresh=True)


def world_at(instant: datetime.datetime):
    """``_world_once, world = world_at(NOW)`` in a module whose tests all run at ``NOW``."""
    return build_once(build_world, name="world", fresh=True, at=instant)
