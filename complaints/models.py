"""Complaints and referral needs raised by anyone signed in, handled by the area's managers.

Models hold data and invariants only; the rules (who may raise, see and move a complaint, the
status machine, numbering) live in ``complaints.services`` and ``complaints.selectors``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import AuditEvent, TimeStampedModel
from core.storage import private_storage, private_upload_to

# The longest description or note, in characters (docs/limits.md); forms and services use it.
MAX_TEXT = 4000


class Category(models.TextChoices):
    ASSISTANCE = "assistance", _("Assistance not received")
    MENTORING = "mentoring", _("Problem with mentoring")
    HARASSMENT = "harassment", _("Harassment or abuse")
    DATA = "data", _("Data correction")
    HEALTH = "health", _("Referral: health service")
    EDUCATION = "education", _("Referral: education")
    CIVIL_REGISTRY = "civil_registry", _("Referral: civil registry (KTP, KK, birth certificate)")
    OTHER_SERVICE = "other_service", _("Referral: another social service")


class Status(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", pgettext_lazy("complaint status", "In progress")
    RESOLVED = "resolved", _("Resolved")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS)
# Resolved or referred: the case has an answer, waiting to be closed (it can still get information).
ANSWERED_STATUSES = (Status.RESOLVED, Status.REFERRED)


class ComplaintCounter(models.Model):
    """The last number given in a year; locked while a complaint is numbered (race-safe)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Complaint(TimeStampedModel):
    number = models.CharField(_("number"), max_length=20, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    description = models.TextField(
        _("description"), max_length=MAX_TEXT, validators=[MaxLengthValidator(MAX_TEXT)]
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="complaints_raised",
        verbose_name=_("raised by"),
    )
    # Whom it concerns (the raiser's own profile, or a companion's entrepreneur); decides the region.
    profile = models.ForeignKey(
        "incubator.EntrepreneurProfile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("entrepreneur concerned"),
    )
    region = models.ForeignKey(
        "incubator.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    message = models.ForeignKey(
        "mentoring.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported chat message"),
    )
    # Raised automatically when a family says a BSiMU delivery did not reach them (or never answers).
    assistance = models.ForeignKey(
        "incubator.Assistance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("assistance item"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_handled",
        verbose_name=_("handled by"),
    )
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    # Who does the work on the ground while the handler stays responsible (P7): one of the family's
    # companions, or a named service (e.g. the district health office).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints_assigned",
        verbose_name=_("handed to"),
    )
    assigned_service = models.CharField(_("handed to the service"), max_length=200, blank=True)
    due_at = models.DateTimeField(_("target date"))
    resolved_at = models.DateTimeField(_("resolved or referred at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The raiser said "not resolved": the queue marks the case until it is answered again.
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    # The raiser's rating of how the complaint was handled (once answered).
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(
        _("rating comment"), blank=True, max_length=MAX_TEXT, validators=[MaxLengthValidator(MAX_TEXT)]
    )
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    # The hidden key of the form page it came from: the same form sent twice records one complaint.
    client_key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at", "-pk"]
        permissions = [("handle_harassment", _("Can see and handle harassment and abuse complaints"))]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["region", "status"]),
            models.Index(fields=["raised_by", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="referred") | ~Q(referred_to=""), name="complaint_referred_says_where"
            ),
            models.CheckConstraint(
                condition=Q(status="new") | Q(handler__isnull=False), name="complaint_handled_after_new"
            ),
            models.UniqueConstraint(
                fields=["raised_by", "client_key"], name="complaint_unique_client_key_per_raiser"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), MAX_TEXT),
                name="complaint_description_at_most_4000",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED


class ComplaintEvent(AuditEvent):
    """One line of a complaint's history: raised, a status change, an assignment or added information."""

    class Kind(models.TextChoices):
        RAISED = "raised", _("Raised")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Handler changed")
        REOPENED = "reopened", _("Reopened")
        RATED = "rated", _("Handling rated")
        INFORMATION = "information", _("Information added")
        HANDED = "handed", _("Handed over")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handler"),
    )
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed to"),
    )
    assigned_service = models.CharField(_("handed to the service"), max_length=200, blank=True)
    note = models.TextField(
        _("note"), blank=True, max_length=MAX_TEXT, validators=[MaxLengthValidator(MAX_TEXT)]
    )
    photo = models.ImageField(storage=private_storage, upload_to=private_upload_to, blank=True)
    thumbnail = models.ImageField(storage=private_storage, upload_to=private_upload_to, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("complaint history")
        verbose_name_plural = _("complaint histories")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["complaint", "created_at"])]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.to_status}"
