"""Social pillars: their organisations, the technical guidance (bimtek) they receive, the community
sessions they then run (the cascade), and the program's yearly targets per area."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import private_storage, private_upload_to
from incubator.models import EntrepreneurProfile, Region

MAX_SESSION_PHOTOS = 5


class OrganisationKind(models.TextChoices):
    KARANG_TARUNA = "karang_taruna", _("Karang Taruna unit")
    PUSKESOS = "puskesos", _("Puskesos-SLRT service point")
    UNIVERSITY = "university", _("University (incubator partner)")
    NGO = "ngo", _("NGO (incubator partner)")
    OTHER = "other", _("Other pillar organisation")


class PillarOrganisation(TimeStampedModel):
    """A Karang Taruna unit, a Puskesos service point or an incubator partner, in one area."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="pillar_organisations", verbose_name=_("area")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="pillar_organisations", verbose_name=_("members")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("pillar organisation")
        verbose_name_plural = _("pillar organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="pillar_org_unique_name_in_area")
        ]

    def __str__(self) -> str:
        return self.name


class BimtekEvent(TimeStampedModel):
    """Technical guidance for pillars: planned by a manager for an area."""

    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="bimtek_events", verbose_name=_("area")
    )
    organiser = models.ForeignKey(
        PillarOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    courses = models.ManyToManyField(
        "cms.CoursePage", blank=True, related_name="bimtek_events", verbose_name=_("courses covered")
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    attendance_photo = models.ImageField(
        _("signed attendance list"), storage=private_storage, upload_to=private_upload_to, blank=True
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("planned by")
    )
    completed_at = models.DateTimeField(_("completion issued"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bimtek event")
        verbose_name_plural = _("bimtek events")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="bimtek_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="bimtek_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class BimtekParticipant(TimeStampedModel):
    """A pillar invited to a bimtek; attendance and the completion record are on the same row."""

    event = models.ForeignKey(BimtekEvent, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bimtek_participations"
    )
    organisation = models.ForeignKey(
        PillarOrganisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("bimtek participant")
        verbose_name_plural = _("bimtek participants")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="bimtek_participant_once")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.event_id}"


class CommunitySession(TimeStampedModel):
    """A session a trained pillar member runs in their community (the cascade)."""

    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="community_sessions",
        verbose_name=_("facilitator"),
    )
    organisation = models.ForeignKey(
        PillarOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_sessions",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="community_sessions", verbose_name=_("area")
    )
    date = models.DateField(_("date"))
    village = models.CharField(_("village"), max_length=120)
    topic = models.CharField(_("topic"), max_length=200)
    lessons = models.ManyToManyField(
        "cms.LessonPage", blank=True, related_name="+", verbose_name=_("lessons used")
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    participants = models.ManyToManyField(
        EntrepreneurProfile,
        blank=True,
        related_name="community_sessions",
        verbose_name=_("registered participants"),
    )
    women = models.PositiveSmallIntegerField(_("other women (18–59)"), default=0)
    men = models.PositiveSmallIntegerField(_("other men (18–59)"), default=0)
    girls = models.PositiveSmallIntegerField(_("other girls (under 18)"), default=0)
    boys = models.PositiveSmallIntegerField(_("other boys (under 18)"), default=0)
    older_women = models.PositiveSmallIntegerField(_("other women (60+)"), default=0)
    older_men = models.PositiveSmallIntegerField(_("other men (60+)"), default=0)
    follow_ups = models.TextField(_("follow-ups"), blank=True, max_length=2000)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The form page's hidden key (``core.outbox.FormKeyField``): one session per key and member,
    # however often the form is sent (a double tap, the offline outbox's replay).
    client_key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    OTHER_FIELDS = ("women", "men", "girls", "boys", "older_women", "older_men")

    class Meta:
        verbose_name = _("community session")
        verbose_name_plural = _("community sessions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["facilitator", "client_key"], name="community_session_unique_client_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.date})"

    @property
    def others(self) -> int:
        return sum(getattr(self, name) for name in self.OTHER_FIELDS)


class CommunitySessionPhoto(models.Model):
    session = models.ForeignKey(CommunitySession, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(storage=private_storage, upload_to=private_upload_to)
    thumbnail = models.ImageField(storage=private_storage, upload_to=private_upload_to)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"photo {self.pk} of community session {self.session_id}"


class Indicator(models.TextChoices):
    FAMILIES_ENROLLED = "families_enrolled", _("Families enrolled")
    PLACED_BEGINNER = "placed_beginner", _("Placed as beginner")
    PLACED_DEVELOPING = "placed_developing", _("Placed as developing")
    PLACED_ADVANCED = "placed_advanced", _("Placed as advanced")
    PROMOTED = "promoted", _("Families promoted")
    GRADUATED_UMK = "graduated_umk", _("Graduated at or above UMK")
    ABOVE_UMK_12M = "above_umk_12m", _("Still above UMK 12 months on")
    MEDIAN_MONTHS = "median_months", _("Median months to graduation")
    BSIMU_DELIVERED = "bsimu_delivered", _("BSiMU delivered (Rp)")
    BSIMU_PER_GRADUATE = "bsimu_per_graduate", _("BSiMU per graduate (Rp)")
    PILLARS_TRAINED = "pillars_trained", _("Pillars trained")
    SESSIONS_HELD = "sessions_held", _("Community sessions held")
    PEOPLE_REACHED = "people_reached", _("People reached")
    COMPLAINTS_ON_TIME = "complaints_on_time", _("Complaints resolved within target")


class AreaTarget(TimeStampedModel):
    """A yearly target for one indicator, national (no region) or for a province or regency."""

    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pillar_targets",
        verbose_name=_("area"),
    )
    indicator = models.CharField(_("indicator"), max_length=25, choices=Indicator.choices)
    value = models.BigIntegerField(_("target"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region", "indicator"],
                condition=Q(region__isnull=False),
                name="target_once_per_area",
            ),
            models.UniqueConstraint(
                fields=["year", "indicator"], condition=Q(region__isnull=True), name="target_once_national"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.indicator}: {self.value}"
