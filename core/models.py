"""Abstract bases every app's models share. No concrete models: ``core`` has no migrations."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """The shape of a history row: who acted (``actor``; empty once their account is deleted), when
    (``created_at``, indexed), oldest first. A concrete table adds what changed (its object, from/to,
    a note) and may redeclare a column to keep its schema (e.g. an unindexed ``created_at``).

    Write rows with ``record()`` inside the service's transaction, never from ``save()`` or a signal.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    @classmethod
    def record(cls, *, actor: Any, **fields: Any) -> Self:
        """Store one history row: ``actor`` did what ``fields`` say (the changed object, from/to, a note)."""
        return cls.objects.create(actor=actor, **fields)


class OnBehalfAuditEvent(AuditEvent):
    """A history row where someone may act for the person concerned: ``on_behalf_of`` is that person
    when someone else (their companion, a manager) acted, empty when they acted themselves."""

    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(AuditEvent.Meta):
        abstract = True
