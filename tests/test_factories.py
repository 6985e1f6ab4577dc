"""The test factories themselves: what a factory person costs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PASSWORD, EntrepreneurUserFactory


@pytest.mark.django_db
def test_a_factory_person_is_written_once_with_a_password_that_works():
    with CaptureQueriesContext(connection) as queries:
        person = EntrepreneurUserFactory()
    updates = [query["sql"] for query in queries if query["sql"].startswith('UPDATE "accounts_user"')]
    assert not updates  # the hashed password goes in with the INSERT, not in a second save
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    assert not person.check_password("another one")
