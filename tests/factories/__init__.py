"""Factories for people. Each app's own factories live in tests/<app>/factories.py."""

from __future__ import annotations

from functools import cache

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from accounts import roles
from accounts.models import User

PASSWORD = "a-Strong-passw0rd"


@cache
def _password_hash() -> str:
    return make_password(PASSWORD)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    full_name = factory.Faker("name", locale="id_ID")
    phone = factory.Sequence(lambda n: f"+62812{n:08d}")
    phone_verified = True  # a factory person owns their number; pass False for a number only typed
    # PASSWORD hashed once for every factory person, written with the first INSERT.
    password = factory.LazyFunction(lambda: _password_hash())

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class EntrepreneurUserFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            roles.add_role(self, roles.ENTREPRENEUR)


class MentorUserFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            roles.add_role(self, roles.MENTOR)


NO_AREA = "no-area"


class ManagerUserFactory(UserFactory):
    """A program manager, national by default.

    ``ManagerUserFactory(area=regency)`` manages one province or regency/city only;
    ``ManagerUserFactory(area=NO_AREA)`` has no area record at all (sees nothing: deny by default).
    """

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            roles.add_role(self, roles.MANAGER)

    @factory.post_generation
    def area(self, create, extracted, **kwargs):
        if not create or extracted == NO_AREA:
            return
        from incubator.models import ManagerScope

        ManagerScope.objects.update_or_create(user=self, defaults={"region": extracted})
