"""core.db.compiled_once: a queryset's SQL compiled once per database and shape, with real values bound
in place of the stand-ins at each call."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.db.models import DateTimeField, Value

from accounts.models import User
from core.db import STAND_IN_IDS, compiled_once, forget_compiled, padded
from mentoring.models import Message
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh():
    forget_compiled()
    yield
    forget_compiled()


def _run(statement, values):
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.bind(values))
        return cursor.fetchall()


@pytest.mark.django_db
def test_a_statement_is_built_once_per_key_and_answers_for_the_real_values():
    people = UserFactory.create_batch(3)
    built = []

    def build():
        built.append(1)
        return User.objects.filter(pk__in=STAND_IN_IDS[:2]).order_by("pk").values_list("pk", flat=True)

    first = compiled_once(connection, ("test.people", 2), build, STAND_IN_IDS[:2])
    again = compiled_once(connection, ("test.people", 2), build, STAND_IN_IDS[:2])
    assert again is first
    assert built == [1]
    assert _run(first, {STAND_IN_IDS[0]: people[0].pk, STAND_IN_IDS[1]: people[2].pk}) == [
        (people[0].pk,),
        (people[2].pk,),
    ]
    compiled_once(connection, ("test.people", 3), build, STAND_IN_IDS[:2])  # another key: built again
    assert built == [1, 1]


@pytest.mark.django_db
def test_a_stand_in_used_twice_takes_its_value_in_every_place():
    person = UserFactory()
    stand_in = STAND_IN_IDS[0]
    statement = compiled_once(
        connection,
        "test.twice",
        lambda: User.objects.filter(pk=stand_in).exclude(pk__lt=stand_in).values_list("pk", flat=True),
        [stand_in],
    )
    assert len(statement.slots[stand_in]) == 2
    assert _run(statement, {stand_in: person.pk}) == [(person.pk,)]


@pytest.mark.django_db
def test_stand_ins_are_matched_as_the_database_gets_them_and_never_a_constant_of_another_type():
    """A UUID and a time are prepared per vendor (text on SQLite); a constant ``1`` or ``True`` in the
    query is not mistaken for a stand-in equal to it."""
    field = Message._meta.get_field("client_id")
    key_in, time_in = uuid.UUID(int=1), datetime.datetime(1900, 1, 1, 0, 0, 1, tzinfo=datetime.UTC)
    prepared_key = field.get_db_prep_value(key_in, connection)
    prepared_time = DateTimeField().get_db_prep_value(time_in, connection)
    statement = compiled_once(
        connection,
        "test.types",
        lambda: (
            Message.objects.filter(client_id=key_in, created_at__lt=time_in)
            .annotate(one=Value(1))
            .values_list("pk", "one")
        ),
        [prepared_key, prepared_time],
    )
    assert set(statement.slots) == {prepared_key, prepared_time}
    assert all(len(slots) == 1 for slots in statement.slots.values())
    assert _run(statement, {prepared_key: field.get_db_prep_value(uuid.uuid4(), connection)}) == []


@pytest.mark.django_db
def test_a_stand_in_the_query_left_out_is_refused():
    with pytest.raises(ValueError, match="not among the compiled parameters"):
        compiled_once(connection, "test.missing", lambda: User.objects.filter(pk=STAND_IN_IDS[0]), [12345])


def test_padded_repeats_the_last_value_up_to_a_power_of_two():
    assert padded([]) == []
    assert padded([7]) == [7]
    assert padded([1, 2, 3]) == [1, 2, 3, 3]
    assert padded(list(range(5))) == [0, 1, 2, 3, 4, 4, 4, 4]
    assert padded([1, 2, 3, 4]) == [1, 2, 3, 4]
