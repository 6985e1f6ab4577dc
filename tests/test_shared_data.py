"""``tests.shared_data.build_once``: data built once for a module, as each test would see it had it built it.

Run in one process (``pytest tests/test_shared_data.py``) the first two run in this order on one build
(the committing one runs last: tests/conftest.py); under ``make test`` xdist may hand them to two workers,
each with its own build.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection

from accounts import sms
from accounts.models import User
from tests.factories import EntrepreneurUserFactory
from tests.shared_data import build_once

pytestmark = pytest.mark.django_db
CHANGED: list[int] = []


def _seed() -> SimpleNamespace:
    sms.send_sms("+6281234567890", "Kode Anda 123456")
    mail.send_mail("Selamat datang", "Halo", "noreply@tumbuh.test", ["asli@tumbuh.test"])
    return SimpleNamespace(person=EntrepreneurUserFactory(full_name="Asli"))


_seeded_once, seeded = build_once(_seed, name="seeded", fresh=True)


def test_a_test_sees_the_seed_with_what_it_sent_and_may_change_it(seeded, outbox):
    assert seeded.person.full_name == "Asli"
    assert [m.text for m in outbox] == ["Kode Anda 123456"]
    assert [m.subject for m in mail.outbox] == ["Selamat datang"]
    seeded.person.full_name = "Diubah"
    seeded.person.save()
    outbox.clear()
    CHANGED.append(id(seeded.person))


def test_the_next_test_gets_the_seed_again_not_what_the_last_one_changed(seeded, outbox):
    assert seeded.person.full_name == "Asli"
    assert User.objects.get(pk=seeded.person.pk).full_name == "Asli"
    assert id(seeded.person) not in CHANGED  # a copy of its own, not the last test's objects
    assert [m.text for m in outbox] == ["Kode Anda 123456"]


@pytest.mark.django_db(transaction=True)
def test_a_committing_test_builds_its_own_outside_the_modules_transaction(seeded):
    assert not connection.in_atomic_block
    assert User.objects.filter(full_name="Asli").count() == 1
    assert seeded.person.full_name == "Asli"
