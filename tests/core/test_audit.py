"""One shape for the history tables (issue 12): ``core.models.AuditEvent`` (actor, created_at,
oldest first, ``record()``) and ``OnBehalfAuditEvent`` (plus on_behalf_of), applied without a
migration (tests/accounts/test_settings_and_health.py runs ``makemigrations --check``)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from complaints.models import ComplaintEvent
from core.models import AuditEvent, OnBehalfAuditEvent
from incubator.models import AssistanceEvent, MilestoneEvent, MonthlyReportEvent, ProfileChange
from mentoring.models import ActionItemEvent
from mentoring.services import ActionItemInput, log_session
from tests.mentoring.factories import make_pair


def test_the_history_tables_share_the_audit_base():
    for model in (ProfileChange, MilestoneEvent, MonthlyReportEvent, AssistanceEvent):
        assert issubclass(model, OnBehalfAuditEvent), model
    for model in (ActionItemEvent, ComplaintEvent):
        assert issubclass(model, AuditEvent), model


def test_each_table_keeps_its_own_columns():
    # Redeclared where the table was created without an index or with its own labels: no migration.
    assert not AssistanceEvent._meta.get_field("created_at").db_index
    assert MilestoneEvent._meta.get_field("created_at").db_index
    assert str(ComplaintEvent._meta.get_field("actor").verbose_name) in {"by", "oleh"}


@pytest.mark.django_db
def test_record_stores_one_row_by_the_actor():
    pair = make_pair()
    session = log_session(
        pair.profile,
        by=pair.mentor,
        date=timezone.localdate(),
        mode="chat",
        topics="Kas",
        action_items=[ActionItemInput(text="Catat kas")],
    )
    item = session.action_items.get()
    event = ActionItemEvent.record(actor=pair.mentor, item=item, done=True)
    event.refresh_from_db()
    assert (event.actor, event.item, event.done) == (pair.mentor, item, True)
    assert event.created_at is not None
