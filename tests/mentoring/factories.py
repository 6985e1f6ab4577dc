"""Factories for the mentoring app. Pairs are made through the incubator's assign service."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from incubator import services as incubator_services
from incubator.models import CompanionRole, EntrepreneurProfile
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
    conversation = Conversation.objects.select_related("profile__user", "companion").get(
        profile=profile, companion=mentor
    )
    return Pair(conversation, profile.user, mentor, profile, manager)


class MessageFactory(DjangoModelFactory):
    class Meta:
        model = Message

    body = factory.Sequence(lambda n: f"Pesan nomor {n}")
    client_id = factory.LazyFunction(uuid.uuid4)
