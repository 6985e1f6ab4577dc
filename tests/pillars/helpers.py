from __future__ import annotations

import datetime

from pillars import services


def event_in(region, *, by, **overrides):
    data = {
        "title": "Bimtek pendampingan usaha KPM",
        "starts_on": datetime.date(2026, 11, 3),
        "ends_on": datetime.date(2026, 11, 4),
        "region": region,
        "capacity": 20,
        "place": "Aula Dinas Sosial",
    }
    data.update(overrides)
    return services.plan_bimtek(by=by, data=services.EventInput(**data))


def trained(world, user=None, *, region=None, by=None):
    """``user`` (the world's TKSK) invited, present and completed."""
    user = user or world.tksk
    event = event_in(region or world.bandung, by=by or world.national)
    services.invite_pillars(event, by=by or world.national, users=[user])
    services.record_attendance(event, by=by or world.national, present=[user.pk])
    services.issue_completion(event, by=by or world.national)
    return event


def session_data(world, **overrides):
    data = {
        "date": datetime.date(2026, 11, 8),
        "region": world.bandung,
        "village": "Dago",
        "topic": "Membaca angka bulanan",
        "duration_minutes": 90,
        "participants": world.families,
        "women": 5,
        "men": 3,
        "girls": 2,
        "boys": 1,
        "older_women": 1,
        "older_men": 0,
    }
    data.update(overrides)
    return services.SessionInput(**data)
