from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import User
from incubator.models import EntrepreneurProfile, Region
from tests.factories import ManagerUserFactory
from tests.incubator.factories import (
    EntrepreneurProfileFactory,
    ProvinceFactory,
    RegencyFactory,
    SocialCompanionProfileFactory,
)
from tests.shared_data import build_once

NOW = datetime.datetime(2026, 11, 10, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class World:
    province: Region
    bandung: Region
    bogor: Region
    national: User
    bandung_manager: User
    bogor_manager: User
    tksk: User
    bogor_tksk: User
    families: list[EntrepreneurProfile]
    bogor_family: EntrepreneurProfile


def build_world() -> World:
    province = ProvinceFactory()
    bandung = RegencyFactory(parent=province)
    bogor = RegencyFactory(name="Kabupaten Bogor", parent=province)
    tksk = SocialCompanionProfileFactory(user__full_name="Siti TKSK")
    tksk.regions.add(bandung)
    bogor_tksk = SocialCompanionProfileFactory(user__full_name="Budi Bogor")
    bogor_tksk.regions.add(bogor)
    families = [EntrepreneurProfileFactory(province=province, regency=bandung) for _ in range(2)]
    bogor_family = EntrepreneurProfileFactory(province=province, regency=bogor)
    return World(
        province=province,
        bandung=bandung,
        bogor=bogor,
        national=ManagerUserFactory(),
        bandung_manager=ManagerUserFactory(area=bandung),
        bogor_manager=ManagerUserFactory(area=bogor),
        tksk=tksk.user,
        bogor_tksk=bogor_tksk.user,
        families=families,
        bogor_family=bogor_family,
    )


# Built once for each test module at the pillars' clock (tests/shared_data.py): a copy for each test.
_world_once, world = build_once(build_world, name="world", fresh=True, at=NOW)
