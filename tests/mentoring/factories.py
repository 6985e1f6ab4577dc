"""Factories for the mentoring app. Pairs are made through the incubator's assign service."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

import factory
from django.db.models import F
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from incubator import services as incubator_services
from incubator.models import CompanionAssignment, CompanionRole, EntrepreneurProfile
from mentoring.models import Conversation, Message
from tests.factories import ManagerUserFactory
from tests.incubator.factories import EntrepreneurProfileFactory, MentorProfileFactory


@dataclass
class Pair:
    conversation: Conversation
    entrepreneur: User
    mentor: User
    profile: EntrepreneurProfile
    manager: User


def make_pair(profile: EntrepreneurProfile | None = None, mentor: User | None = None) -> Pair:
    """An entrepreneur and a business mentor, assigned by a manager (which opens the conversation)."""
    profile = profile or EntrepreneurProfileFactory()
    mentor = mentor or MentorProfileFactory().user
    manager = ManagerUserFactory()
    incubator_services.assign_companion(profile, mentor, role=CompanionRole.MENTOR, by=manager)
    # The pair has worked together for a year: visits may be logged with past dates (a visit cannot
    # be dated before the assignment started, mentoring.visits).
    CompanionAssignment.objects.filter(profile=profile, companion=mentor, ended_at=None).update(
        started_at=timezone.now() - datetime.timedelta(days=365)
    )
    conversation = Conversation.objects.select_related("profile__user", "companion").get(
        profile=profile, companion=mentor
    )
    return Pair(conversation, profile.user, mentor, profile, manager)


class MessageFactory(DjangoModelFactory):
    class Meta:
        model = Message

    body = factory.Sequence(lambda n: f"Pesan nomor {n}")
    client_id = factory.LazyFunction(uuid.uuid4)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The conversation's next sequence number, as send_message assigns it (bypassed here).
        if kwargs.get("seq") is None:
            conversation_id = kwargs["conversation"].pk
            Conversation.objects.filter(pk=conversation_id).update(last_seq=F("last_seq") + 1)
            kwargs["seq"] = Conversation.objects.values_list("last_seq", flat=True).get(pk=conversation_id)
        return super()._create(model_class, *args, **kwargs)
