"""Conversations between an entrepreneur and a companion, their messages and mentoring sessions.

Models hold data and invariants only; the rules live in ``mentoring.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent
from core.storage import private_storage, private_upload_to
from incubator.models import CompanionAssignment, CompanionRole

# Length limits of what people write, in characters (docs/limits.md). Forms and services use
# these numbers; a TextField also carries a MaxLengthValidator so that ``full_clean`` checks it.
MAX_BODY = 4000  # a chat message (also a database constraint, since the first release)
TOPICS_MAX = 300
NOTES_MAX = 4000  # session notes (a field visit's summary) and a visit's internal notes
PLACE_MAX = 100  # a visit's district and village
ACTION_MAX = 300


class Conversation(models.Model):
    """One entrepreneur and one companion. Created with the assignment; outlives it (read-only)."""

    profile = models.ForeignKey(
        "incubator.EntrepreneurProfile",
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("entrepreneur"),
    )
    companion = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="companion_conversations",
        verbose_name=_("companion"),
    )
    role = models.CharField(_("role"), max_length=10, choices=CompanionRole.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Kept by send_message so the list page needs no per-row query.
    last_message = models.ForeignKey(
        "Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_message_at = models.DateTimeField(_("last activity"), null=True, blank=True, db_index=True)
    message_count = models.PositiveIntegerField(_("messages"), default=0)
    # The seq of the conversation's latest message: bumped by send_message under the row lock, so
    # every message gets the next number with no gap (docs/chat-protocol.md, "Sequence numbers").
    last_seq = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "companion"], name="one_conversation_per_pair"),
        ]
        permissions = [("view_message_content", _("Can read the contents of conversations"))]

    def __str__(self) -> str:
        return f"{self.profile.business_name} ↔ {self.companion}"

    def participant_ids(self) -> tuple[int, int]:
        return (self.profile.user_id, self.companion_id)

    @property
    def is_open(self) -> bool:
        """Writable while the companion is still currently assigned to this entrepreneur."""
        return CompanionAssignment.objects.filter(
            profile_id=self.profile_id, companion_id=self.companion_id, ended_at__isnull=True
        ).exists()

    def group_name(self) -> str:
        return f"conversation.{self.pk}"


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(
        _("message"), blank=True, max_length=MAX_BODY, validators=[MaxLengthValidator(MAX_BODY)]
    )
    image = models.ImageField(storage=private_storage, upload_to=private_upload_to, blank=True)
    thumbnail = models.ImageField(storage=private_storage, upload_to=private_upload_to, blank=True)
    client_id = models.UUIDField(_("client id"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    # 1, 2, 3 … within the conversation, in id order, without gaps: a client that receives N+2
    # after N knows it missed one and syncs (docs/chat-protocol.md).
    seq = models.PositiveIntegerField(editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["pk"]
        indexes = [models.Index(fields=["conversation", "id"], name="message_conversation_id")]
        constraints = [
            models.UniqueConstraint(fields=["sender", "client_id"], name="unique_client_id_per_sender"),
            models.UniqueConstraint(
                fields=["conversation", "seq"], name="message_seq_unique_per_conversation"
            ),
            models.CheckConstraint(condition=~Q(body="") | ~Q(image=""), name="message_has_body_or_image"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), MAX_BODY), name="message_body_at_most_4000"
            ),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} in {self.conversation_id}"


class ReadMarker(models.Model):
    """How far one participant has read: every message with an id up to ``last_read_id``."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="read_markers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="one_read_marker_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.conversation_id} up to {self.last_read_id}"


class SessionMode(models.TextChoices):
    CHAT = "chat", _("Chat")
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")
    GROUP = "group", _("Group meeting")


class MentoringSession(models.Model):
    """A session a companion logged with an entrepreneur."""

    profile = models.ForeignKey(
        "incubator.EntrepreneurProfile",
        on_delete=models.CASCADE,
        related_name="mentoring_sessions",
        verbose_name=_("entrepreneur"),
    )
    companion = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="logged_sessions",
        verbose_name=_("companion"),
    )
    date = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=10, choices=SessionMode.choices)
    topics = models.CharField(_("topics"), max_length=TOPICS_MAX)
    notes = models.TextField(
        _("notes"), blank=True, max_length=NOTES_MAX, validators=[MaxLengthValidator(NOTES_MAX)]
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)
    # The hidden key of the session form it came from: the same form sent twice (a retry from the
    # offline outbox, a double tap) records one session (``services.log_session``). Not named
    # ``client_key``: ``FieldVisit`` already has that column of its own (and leaves this one empty).
    form_key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["companion", "form_key"], name="session_unique_form_key"),
        ]
        indexes = [
            models.Index(fields=["profile", "date"]),
            models.Index(fields=["companion", "date"], name="session_companion_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_mode_display()} · {self.profile.business_name}"


class VisitPurpose(models.TextChoices):
    MONITORING = "monitoring", _("Monitoring")
    GUIDANCE = "guidance", _("Business guidance")
    EVIDENCE = "evidence_check", _("Evidence check")
    FOLLOW_UP = "follow_up", _("Problem follow-up")
    OTHER = "other", _("Other")


class FieldVisit(MentoringSession):
    """A companion's visit to the entrepreneur's home or business: a mentoring session (mode
    ``visit``) with a place, a purpose and internal notes.

    Built on the session so that photos (``SessionPhoto``) and follow-ups (``ActionItem``) are the
    same rows, services and pages as for any session. The session's ``notes`` are the summary the
    entrepreneur reads; ``internal_notes`` are only for companions and managers (UU PDP: field notes
    may describe the household). Rules in ``mentoring.visits``.
    """

    district = models.CharField(_("district (kecamatan)"), max_length=PLACE_MAX)
    village = models.CharField(_("village (desa/kelurahan)"), max_length=PLACE_MAX)
    purpose = models.CharField(_("purpose"), max_length=20, choices=VisitPurpose.choices)
    internal_notes = models.TextField(
        _("internal notes"), blank=True, max_length=NOTES_MAX, validators=[MaxLengthValidator(NOTES_MAX)]
    )
    # The hidden key of the form page it came from: the same form sent twice (a retry on a bad
    # connection, a double tap) records one visit (``mentoring.visits.log_visit``).
    client_key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=VisitPurpose.values), name="field_visit_purpose_known"
            ),
            # Unique on its own: the author is on the session table, and keys are random UUIDs.
            models.UniqueConstraint(fields=["client_key"], name="field_visit_unique_client_key"),
        ]

    @property
    def visited_on(self):
        return self.date

    @property
    def summary(self) -> str:
        return self.notes

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.village, self.district) if part)


class FieldVisitRevision(models.Model):
    """History: the author corrected a visit; which fields changed, from what to what."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="revisions")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("edited by")
    )
    edited_at = models.DateTimeField(_("edited"), auto_now_add=True)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("field visit correction")
        verbose_name_plural = _("field visit corrections")
        ordering = ["edited_at", "pk"]

    def __str__(self) -> str:
        return f"visit {self.visit_id} corrected at {self.edited_at:%Y-%m-%d %H:%M}"


class SessionPhoto(models.Model):
    """A session's or field visit's photo: re-encoded without EXIF, with a thumbnail."""

    session = models.ForeignKey(MentoringSession, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(storage=private_storage, upload_to=private_upload_to)
    thumbnail = models.ImageField(storage=private_storage, upload_to=private_upload_to)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"photo {self.pk} of session {self.session_id}"


class ActionItem(models.Model):
    """A follow-up agreed in a session or a field visit, with a due date and a done state."""

    session = models.ForeignKey(MentoringSession, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(_("action"), max_length=ACTION_MAX)
    due_date = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True) | Q(done_at__isnull=False),
                name="action_item_done_by_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ActionItemEvent(AuditEvent):
    """History: who ticked or un-ticked an action item, and when."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="events")
    done = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)  # unindexed, as the table was created

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id} done={self.done}"


class ContentAccessLog(models.Model):
    """A program manager read a conversation's contents (privacy audit trail)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="access_logs")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("viewer")
    )
    viewed_at = models.DateTimeField(_("viewed"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("conversation content view")
        verbose_name_plural = _("conversation content views")
        ordering = ["-viewed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.viewer} read {self.conversation_id} at {self.viewed_at:%Y-%m-%d %H:%M}"


class PlannedContact(models.Model):
    """The next visit or session a companion plans with a family: shown on both sides and read by
    the reminder of tomorrow's appointments (``mentoring.selectors.contacts_on``)."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Field visit")
        SESSION = "session", _("Mentoring session")

    profile = models.ForeignKey(
        "incubator.EntrepreneurProfile",
        on_delete=models.CASCADE,
        related_name="planned_contacts",
        verbose_name=_("entrepreneur"),
    )
    companion = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("companion")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=TOPICS_MAX)
    created_at = models.DateTimeField(_("planned"), auto_now_add=True)

    class Meta:
        verbose_name = _("planned visit or session")
        verbose_name_plural = _("planned visits and sessions")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.kind} {self.date:%Y-%m-%d}"
