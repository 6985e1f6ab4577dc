"""The Triple Power journey: tiers, milestones, reports, assistance and promotions.

Models hold data and invariants only; the rules live in ``incubator.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import OnBehalfAuditEvent, TimeStampedModel

# Imported here too: the migrations name the storage and upload path as ``incubator.models.*``.
from core.storage import private_storage, private_upload_to

MAX_RUPIAH = 1_000_000_000_000  # Rp 1 trillion: anything above is a typing error, not a micro-business

# Length limits of what people write, in characters (docs/limits.md). Forms and services use
# these numbers; a TextField also carries a MaxLengthValidator so that ``full_clean`` checks it.
# None is a database constraint on text columns: older, longer rows stay as they are.
NAME_MAX = 150  # business name, cohort name, person's name
VILLAGE_MAX = 120
DESCRIPTION_MAX = 4000  # business description, evidence text, milestone instructions
NOTE_MAX = 2000  # report notes, review comments, recommendations, other short notes
REASON_MAX = 1000  # a manager's reason for declining or cancelling
END_REASON_MAX = 200  # why a companion assignment ended
GRADUATION_REPORTS = 3  # verified monthly reports averaged for the income rule (PENA: income vs UMK)


class Tier(models.TextChoices):
    BEGINNER = "beginner", _("Beginner (Pemula)")
    DEVELOPING = "developing", _("Developing (Berkembang)")
    ADVANCED = "advanced", _("Advanced (Maju)")
    GRADUATED = "graduated", _("Graduated (Mandiri)")


# What each tier brings, in the Triple Power model.
TIER_SUPPORT = {
    Tier.BEGINNER: (_("Nursing Capital"), _("Business-capital assistance and business guidance.")),
    Tier.DEVELOPING: (_("Mentoring Model"), _("Business-capital assistance and business mentoring.")),
    Tier.ADVANCED: (_("Capital Incubation"), _("Business-capital assistance and business incubation.")),
    Tier.GRADUATED: (_("Independent"), _("Your business stands on its own; mentoring continues.")),
}
TIER_ORDER = [Tier.BEGINNER, Tier.DEVELOPING, Tier.ADVANCED, Tier.GRADUATED]
WORKING_TIERS = [Tier.BEGINNER, Tier.DEVELOPING, Tier.ADVANCED]


def next_tier(tier: str) -> str | None:
    index = TIER_ORDER.index(Tier(tier))
    return TIER_ORDER[index + 1] if index + 1 < len(TIER_ORDER) else None


class Region(models.Model):
    """An Indonesian administrative area: province › regency/city › district (kecamatan)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency/city")
        DISTRICT = "district", _("District")

    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    code = models.CharField(_("BPS code"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_region_name_in_parent"),
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="unique_region_code"),
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True)
                | (~Q(level="province") & Q(parent__isnull=False)),
                name="region_parent_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IncomeThreshold(TimeStampedModel):
    """The graduation line of a regency/city: its minimum wage (UMK), from a date on."""

    regency = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="income_thresholds",
        limit_choices_to={"level": Region.Level.REGENCY},
        verbose_name=_("regency/city"),
    )
    monthly_amount = models.BigIntegerField(_("monthly amount (Rp)"))
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("regional income threshold")
        verbose_name_plural = _("regional income thresholds")
        ordering = ["regency__name", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["regency", "effective_from"], name="unique_threshold_per_date"),
            models.CheckConstraint(
                condition=Q(monthly_amount__gt=0, monthly_amount__lte=MAX_RUPIAH),
                name="threshold_amount_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regency} · {self.effective_from:%Y-%m-%d}"


class Cohort(TimeStampedModel):
    """A batch of participants, e.g. "PENA 2026 — Kota Bandung gelombang 1" (an intake wave)."""

    name = models.CharField(_("name"), max_length=NAME_MAX, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("region")
    )
    start_date = models.DateField(_("start date"))
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(
        _("description"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)]
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-start_date", "name"]

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    FOOD = "food", _("Food and drink")
    CRAFTS = "crafts", _("Crafts")
    TRADE = "trade", _("Trade and shop")
    SERVICES = "services", _("Services")
    FARMING = "farming", _("Farming")
    LIVESTOCK = "livestock", _("Livestock and fishery")
    OTHER = "other", _("Other")


class EntrepreneurProfile(TimeStampedModel):
    """A participating family's business, its place in the program and its region."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="entrepreneur_profile",
        verbose_name=_("user"),
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("cohort"),
    )
    province = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
        limit_choices_to={"level": Region.Level.PROVINCE},
    )
    regency = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("regency/city"),
        limit_choices_to={"level": Region.Level.REGENCY},
    )
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        limit_choices_to={"level": Region.Level.DISTRICT},
    )
    village = models.CharField(_("village"), max_length=VILLAGE_MAX, blank=True)
    business_name = models.CharField(_("business name"), max_length=NAME_MAX)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    business_description = models.TextField(
        _("about the business"),
        blank=True,
        max_length=DESCRIPTION_MAX,
        validators=[MaxLengthValidator(DESCRIPTION_MAX)],
    )
    business_start_year = models.PositiveSmallIntegerField(_("business started in"), null=True, blank=True)
    business_photo = models.ImageField(
        _("business photo"), storage=private_storage, upload_to=private_upload_to, blank=True
    )
    tier = models.CharField(_("tier"), max_length=12, choices=Tier.choices, default=Tier.BEGINNER)
    tier_since = models.DateTimeField(_("in this tier since"))
    enrolled_on = models.DateField(_("enrolled on"))
    consent = models.ForeignKey(
        "accounts.ConsentRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent record"),
    )
    pkh_reference = models.CharField(_("PKH reference"), max_length=40, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
        help_text=_("The companion who registered this person on their behalf, if any."),
    )
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    # Progress counters of the current tier, kept by the services in their own transaction
    # (``services.refresh_progress``) so that the dashboards and the companions' list read columns
    # instead of counting per page view (issue 17). ``manage.py check_counters`` reports drift.
    required_total = models.PositiveSmallIntegerField(_("required milestones"), default=0, editable=False)
    required_verified = models.PositiveSmallIntegerField(
        _("required milestones verified"), default=0, editable=False
    )
    waiting = models.PositiveSmallIntegerField(_("milestones waiting for review"), default=0, editable=False)
    reports_waiting = models.PositiveSmallIntegerField(
        _("monthly figures waiting for review"), default=0, editable=False
    )
    oldest_waiting = models.DateTimeField(
        _("oldest submission waiting since"), null=True, blank=True, editable=False
    )
    umk_profit_total = models.BigIntegerField(
        _("profit of the latest verified months"), null=True, blank=True, editable=False
    )
    umk_months = models.PositiveSmallIntegerField(_("latest verified months"), default=0, editable=False)
    # What the needs-attention flags read, kept with the counters: facts, never a judgement that
    # depends on the date (the flags compare these with one ``today``).
    revenue_fell_twice = models.BooleanField(
        _("revenue fell two months running"), default=False, editable=False
    )
    last_report_month = models.DateField(_("latest month reported"), null=True, blank=True, editable=False)
    report_month_before = models.DateField(
        _("month reported before the latest"), null=True, blank=True, editable=False
    )
    graduation_flag_open = models.BooleanField(
        _("below the UMK after graduation"), default=False, editable=False
    )
    # Bumped by every service that changes what the entrepreneur's dashboard shows: the dashboard's
    # parts are cached under it (``selectors.dashboard_for``).
    dashboard_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("entrepreneur profile")
        verbose_name_plural = _("entrepreneur profiles")
        ordering = ["business_name"]
        indexes = [
            models.Index(fields=["tier", "cohort"]),
            models.Index(fields=["regency", "tier"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(business_start_year__isnull=True)
                | Q(business_start_year__gte=1950, business_start_year__lte=2100),
                name="business_start_year_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business_name} ({self.user})"


class ProfileChange(OnBehalfAuditEvent):
    """The business profile's history: registration and each edit, who made it and for whom.

    ``on_behalf_of`` is the entrepreneur when someone else (their companion, a manager) acted;
    empty when the entrepreneur changed their own profile.
    """

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        EDITED = "edited", _("Edited")

    profile = models.ForeignKey(EntrepreneurProfile, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.EDITED)
    fields = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.kind} {', '.join(self.fields)}"

    @property
    def field_labels(self) -> str:
        """The changed fields as the form labels them, e.g. "business name, village"."""
        return ", ".join(str(EntrepreneurProfile._meta.get_field(name).verbose_name) for name in self.fields)


class CompanionKind(models.TextChoices):
    BUSINESS_MENTOR = "business_mentor", _("Business mentor (incubator)")
    TKSK = "tksk", _("TKSK district social-welfare worker")
    PSM = "psm", _("PSM community social worker")
    PKH_FACILITATOR = "pkh_facilitator", _("PKH facilitator")
    KARANG_TARUNA = "karang_taruna", _("Karang Taruna member")


class CompanionRole(models.TextChoices):
    MENTOR = "mentor", _("Business mentor")
    SOCIAL = "social", _("Social companion")


class MentorProfile(TimeStampedModel):
    """A companion: a business mentor from a partner incubator, or a social companion from a pillar."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentor_profile",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CompanionKind.choices)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    regions = models.ManyToManyField(Region, blank=True, related_name="mentors", verbose_name=_("regions"))
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    expertise = models.TextField(
        _("expertise"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    capacity = models.PositiveSmallIntegerField(_("capacity (entrepreneurs)"), default=25)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("companion profile")
        verbose_name_plural = _("companion profiles")
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"

    @property
    def role(self) -> str:
        return CompanionRole.MENTOR if self.kind == CompanionKind.BUSINESS_MENTOR else CompanionRole.SOCIAL


class CompanionAssignmentQuerySet(models.QuerySet):
    def current(self) -> CompanionAssignmentQuerySet:
        """The assignments in force now (not ended): "current companion" everywhere means this."""
        return self.filter(ended_at__isnull=True)


class CompanionAssignment(TimeStampedModel):
    """Who accompanies an entrepreneur, from when to when. One current per role."""

    objects = CompanionAssignmentQuerySet.as_manager()

    profile = models.ForeignKey(
        EntrepreneurProfile,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("entrepreneur"),
    )
    companion = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="companion_assignments",
        verbose_name=_("companion"),
    )
    role = models.CharField(_("role"), max_length=10, choices=CompanionRole.choices)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    end_reason = models.CharField(_("reason for ending"), max_length=END_REASON_MAX, blank=True)

    class Meta:
        verbose_name = _("companion assignment")
        verbose_name_plural = _("companion assignments")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "role"],
                condition=Q(ended_at__isnull=True),
                name="one_current_companion_per_role",
            ),
        ]
        indexes = [models.Index(fields=["companion", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.companion} → {self.profile}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None


class AutoRule(models.TextChoices):
    """Proof Tumbuh already holds: a milestone with such a rule completes itself."""

    THREE_VERIFIED_REPORTS = "three_verified_reports", _("three consecutive monthly reports are verified")
    FIRST_COURSE = "first_course", _("the first course is finished")


class MilestoneTemplate(TimeStampedModel):
    """A step on a tier's path, edited by managers: what it asks and whether it is required."""

    tier = models.CharField(_("tier"), max_length=12, choices=Tier.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title (Indonesian)"), max_length=150)
    title_en = models.CharField(_("title (English)"), max_length=150, blank=True)
    description = models.TextField(
        _("what to do (Indonesian)"),
        max_length=DESCRIPTION_MAX,
        validators=[MaxLengthValidator(DESCRIPTION_MAX)],
    )
    description_en = models.TextField(
        _("what to do (English)"),
        blank=True,
        max_length=DESCRIPTION_MAX,
        validators=[MaxLengthValidator(DESCRIPTION_MAX)],
    )
    category = models.CharField(_("curriculum area"), max_length=40, blank=True)
    is_required = models.BooleanField(_("required for promotion"), default=True)
    asks_text = models.BooleanField(_("asks for a written explanation"), default=True)
    asks_photos = models.PositiveSmallIntegerField(_("photos asked for (0–5)"), default=1)
    asks_amount = models.BooleanField(_("asks for a money figure"), default=False)
    amount_label = models.CharField(_("label of the money figure"), max_length=100, blank=True)
    amount_label_en = models.CharField(_("label of the money figure (English)"), max_length=100, blank=True)
    auto_rule = models.CharField(
        _("completes itself when"),
        max_length=30,
        choices=AutoRule.choices,
        blank=True,
        help_text=_("Leave empty for a milestone the mentor reviews."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("milestone template")
        verbose_name_plural = _("milestone templates")
        ordering = ["tier", "order"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "order"], name="unique_template_order_per_tier"),
            models.CheckConstraint(condition=Q(asks_photos__lte=5), name="template_at_most_five_photos"),
            models.CheckConstraint(condition=~Q(tier="graduated"), name="template_on_a_working_tier"),
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} {self.order}. {self.title}"

    @property
    def display_title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title

    @property
    def display_description(self) -> str:
        return self.description_en if get_language() == "en" and self.description_en else self.description

    @property
    def display_amount_label(self) -> str:
        return self.amount_label_en if get_language() == "en" and self.amount_label_en else self.amount_label


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    VERIFIED = "verified", _("Verified")


AWAITING_REVIEW = [MilestoneStatus.SUBMITTED, MilestoneStatus.RESUBMITTED]


class Milestone(TimeStampedModel):
    """One entrepreneur's progress on one template."""

    profile = models.ForeignKey(
        EntrepreneurProfile,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("entrepreneur"),
    )
    template = models.ForeignKey(
        MilestoneTemplate, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("template")
    )
    tier = models.CharField(_("tier"), max_length=12, choices=Tier.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.NOT_STARTED
    )
    evidence_text = models.TextField(
        _("explanation"),
        blank=True,
        max_length=DESCRIPTION_MAX,
        validators=[MaxLengthValidator(DESCRIPTION_MAX)],
    )
    evidence_amount = models.BigIntegerField(_("amount (Rp)"), null=True, blank=True)
    version = models.PositiveIntegerField(_("submission number"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_comment = models.TextField(
        _("latest feedback"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)]
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["tier", "template__order"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "template"], name="one_milestone_per_template"),
            models.CheckConstraint(
                condition=Q(evidence_amount__isnull=True)
                | Q(evidence_amount__gte=0, evidence_amount__lte=MAX_RUPIAH),
                name="milestone_amount_sane",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.profile.business_name}: {self.template.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("incubator:milestone_detail", args=[self.pk])

    @property
    def awaits_review(self) -> bool:
        return self.status in AWAITING_REVIEW

    @property
    def feedback_kind(self) -> str:
        """How the milestone page shows ``review_comment`` (E7, E11).

        "automatic" when no person reviewed it (a course or reports verified it: the page says so in
        the reader's language rather than the stored text), "earlier" when evidence was sent again
        after that feedback (history, not the current word), "current" otherwise, "" without feedback.
        """
        if not self.review_comment or self.reviewed_at is None:
            return ""
        if self.reviewed_by_id is None:
            return "automatic"
        if self.awaits_review and self.submitted_at and self.submitted_at > self.reviewed_at:
            return "earlier"
        return "current"


class MilestoneEvent(OnBehalfAuditEvent):
    """A milestone's history: every transition, who made it, when and why."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=MilestoneStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MilestoneStatus.choices)
    comment = models.TextField(blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)])
    # The hidden key of the evidence form a submission came from: the same form sent twice (a retry
    # from the offline outbox, a double tap) is one submission (``services.submit_evidence``).
    client_key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("milestone event")
        verbose_name_plural = _("milestone events")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "client_key"], name="milestone_event_unique_client_key"),
        ]

    def __str__(self) -> str:
        return f"{self.milestone_id}: {self.from_status or '-'} → {self.to_status}"


class EvidencePhoto(models.Model):
    """A photo proving a milestone: re-encoded without EXIF, with a phone-sized thumbnail."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        storage=private_storage, upload_to=private_upload_to, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(storage=private_storage, upload_to=private_upload_to)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"photo {self.pk} of milestone {self.milestone_id}"


class MonthlyReport(TimeStampedModel):
    """A month of business figures, in whole Rupiah. One per entrepreneur per month."""

    profile = models.ForeignKey(
        EntrepreneurProfile, on_delete=models.CASCADE, related_name="reports", verbose_name=_("entrepreneur")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    revenue = models.BigIntegerField(_("revenue (Rp)"))
    costs = models.BigIntegerField(_("costs (Rp)"))
    profit = models.GeneratedField(
        expression=F("revenue") - F("costs"), output_field=models.BigIntegerField(), db_persist=True
    )
    workers = models.PositiveSmallIntegerField(_("workers"), default=0)
    notes = models.TextField(
        _("notes"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    corrected_at = models.DateTimeField(_("last corrected"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last corrected by"),
    )
    # The hidden key of the figures form it came from: the same form sent twice (a retry from the
    # offline outbox, a double tap) records one report (``services.record_monthly_report``).
    client_key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "month"], name="one_report_per_month"),
            models.UniqueConstraint(
                fields=["profile", "client_key"], name="monthly_report_unique_client_key"
            ),
            models.CheckConstraint(
                condition=Q(revenue__gte=0, revenue__lte=MAX_RUPIAH, costs__gte=0, costs__lte=MAX_RUPIAH),
                name="report_amounts_sane",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_is_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.profile.business_name} {self.month:%Y-%m}"


class MonthlyReportEvent(OnBehalfAuditEvent):
    """A monthly report's history: entered, corrected (with the fields), verified, verification removed."""

    class Action(models.TextChoices):
        ENTERED = "entered", _("Entered")
        CORRECTED = "corrected", _("Corrected")
        VERIFIED = "verified", _("Verified")
        UNVERIFIED = "unverified", _("Verification removed")

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    fields = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)])

    class Meta:
        verbose_name = _("monthly report event")
        verbose_name_plural = _("monthly report events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.action}"


class Assistance(TimeStampedModel):
    """BSiMU business-capital assistance, recorded (never paid) by Tumbuh."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        GOODS = "goods", _("Goods or equipment")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        APPROVED = "approved", _("Approved")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    class Receipt(models.TextChoices):
        """The family's answer to "Sudah menerima …?" after delivery."""

        PENDING = "pending", _("Waiting for the family")
        CONFIRMED = "confirmed", _("Received, says the family")
        DENIED = "denied", _("Not received, says the family")
        UNANSWERED = "unanswered", _("No answer in time")

    profile = models.ForeignKey(
        EntrepreneurProfile,
        on_delete=models.PROTECT,
        related_name="assistance",
        verbose_name=_("entrepreneur"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    plan_item = models.CharField(_("business-plan item"), max_length=200)
    # New assistance is planned against a line of the family's business plan; rows planned before
    # plans existed keep only their free-text ``plan_item``.
    plan_line = models.ForeignKey(
        "incubator.BusinessPlanLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance",
        verbose_name=_("business-plan line"),
    )
    description = models.TextField(
        _("description"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    amount = models.BigIntegerField(_("amount or value (Rp)"))
    tier = models.CharField(_("tier"), max_length=12, choices=Tier.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivery recorded by"),
    )
    receipt = models.CharField(_("family's confirmation"), max_length=12, choices=Receipt.choices, blank=True)
    receipt_asked_at = models.DateTimeField(_("confirmation asked"), null=True, blank=True)
    receipt_answered_at = models.DateTimeField(_("confirmation answered"), null=True, blank=True)
    receipt_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmation answered by"),
    )
    receipt_on_behalf = models.BooleanField(
        _("confirmed by a companion on the family's behalf"), default=False
    )
    proof_of_receipt = models.ImageField(
        _("proof of receipt"), storage=private_storage, upload_to=private_upload_to, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("assistance (BSiMU)")
        verbose_name_plural = _("assistance (BSiMU)")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0, amount__lte=MAX_RUPIAH), name="assistance_amount_sane"
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_on__isnull=False),
                name="delivered_assistance_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "delivered_on"])]

    def __str__(self) -> str:
        return f"{self.plan_item} · {self.profile.business_name}"


class AssistanceEvent(OnBehalfAuditEvent):
    assistance = models.ForeignKey(Assistance, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=Assistance.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Assistance.Status.choices)
    # The family's confirmation (or its absence) is an event too: ``receipt`` holds the answer, and
    # ``on_behalf_of`` the family when their companion answered for them.
    receipt = models.CharField(max_length=12, choices=Assistance.Receipt.choices, blank=True)
    note = models.TextField(blank=True, max_length=REASON_MAX, validators=[MaxLengthValidator(REASON_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)  # unindexed, as the table was created

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.assistance_id}: {self.from_status or '-'} → {self.to_status}"


class PromotionRequest(TimeStampedModel):
    """A mentor's recommendation to move an entrepreneur up, and the manager's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    profile = models.ForeignKey(
        EntrepreneurProfile,
        on_delete=models.CASCADE,
        related_name="promotion_requests",
        verbose_name=_("entrepreneur"),
    )
    from_tier = models.CharField(_("from tier"), max_length=12, choices=Tier.choices)
    to_tier = models.CharField(_("to tier"), max_length=12, choices=Tier.choices)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recommended by"),
    )
    note = models.TextField(
        _("mentor's note"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(
        _("reason"), blank=True, max_length=REASON_MAX, validators=[MaxLengthValidator(REASON_MAX)]
    )

    class Meta:
        verbose_name = _("promotion request")
        verbose_name_plural = _("promotion requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile"], condition=Q(status="pending"), name="one_pending_promotion_per_profile"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile}: {self.from_tier} → {self.to_tier}"


class TierChange(models.Model):
    """Tier history: enrolment, each approved promotion and graduation."""

    profile = models.ForeignKey(EntrepreneurProfile, on_delete=models.CASCADE, related_name="tier_changes")
    from_tier = models.CharField(max_length=12, choices=Tier.choices, blank=True)
    to_tier = models.CharField(max_length=12, choices=Tier.choices)
    changed_at = models.DateTimeField(db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    promotion = models.OneToOneField(
        PromotionRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="tier_change"
    )
    placement = models.ForeignKey(
        "IntakeAssessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="tier_changes"
    )
    note = models.TextField(blank=True, max_length=REASON_MAX, validators=[MaxLengthValidator(REASON_MAX)])
    # When the entrepreneur saw the celebration page of this promotion (shown once, issue 15).
    celebrated_at = models.DateTimeField(_("celebration seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("tier change")
        verbose_name_plural = _("tier changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.from_tier or '-'} → {self.to_tier}"


class ManagerScope(TimeStampedModel):
    """The area a program manager works in.

    ``region`` empty means national: the manager sees the whole program. A manager without a
    scope record sees nothing at all (deny by default) until a national manager sets one, so a
    forgotten setting never exposes another region's families. See ``incubator.scope``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="manager_scope",
        verbose_name=_("user"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("A province or a regency/city. Leave empty for a national manager."),
        limit_choices_to={"level__in": [Region.Level.PROVINCE, Region.Level.REGENCY]},
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )

    class Meta:
        verbose_name = _("manager's area")
        verbose_name_plural = _("managers' areas")

    def __str__(self) -> str:
        return str(self.region) if self.region_id else str(_("National"))


# ---------------------------------------------------------------- intake and placement

INTAKE_MAX_SCORE = 3  # every aspect is scored 0..3


class IntakeAspect(TimeStampedModel):
    """One aspect a family's business is assessed on at intake, with what each score means."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title (Indonesian)"), max_length=150)
    title_en = models.CharField(_("title (English)"), max_length=150, blank=True)
    level_0 = models.CharField(_("score 0 means"), max_length=300)
    level_1 = models.CharField(_("score 1 means"), max_length=300)
    level_2 = models.CharField(_("score 2 means"), max_length=300)
    level_3 = models.CharField(_("score 3 means"), max_length=300)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("intake aspect")
        verbose_name_plural = _("intake aspects")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title

    @property
    def levels(self) -> list[tuple[int, str]]:
        return [(n, getattr(self, f"level_{n}")) for n in range(INTAKE_MAX_SCORE + 1)]


class IntakeAssessment(TimeStampedModel):
    """A family's intake (or re-)assessment: scores per aspect, the baseline, the suggested group,
    and the area manager's placement decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a manager's confirmation")
        CONFIRMED = "confirmed", _("Placement confirmed")
        SUPERSEDED = "superseded", _("Replaced by a newer assessment")

    profile = models.ForeignKey(
        EntrepreneurProfile,
        on_delete=models.CASCADE,
        related_name="intake_assessments",
        verbose_name=_("entrepreneur"),
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    scores = models.JSONField(_("scores"), default=dict)
    total = models.PositiveSmallIntegerField(_("total score"))
    max_total = models.PositiveSmallIntegerField(_("highest possible total"))
    suggested_tier = models.CharField(_("suggested group"), max_length=12, choices=Tier.choices)
    baseline_revenue = models.BigIntegerField(_("monthly revenue (Rp)"))
    baseline_costs = models.BigIntegerField(_("monthly costs (Rp)"))
    baseline_workers = models.PositiveSmallIntegerField(_("workers"), default=0)
    baseline_permits = models.CharField(_("permits held"), max_length=200, blank=True)
    baseline_assets = models.BigIntegerField(_("business assets (Rp)"), default=0)
    notes = models.TextField(
        _("notes"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    placed_tier = models.CharField(_("starting group"), max_length=12, choices=Tier.choices, blank=True)
    override_reason = models.TextField(
        _("reason for another group"),
        blank=True,
        max_length=REASON_MAX,
        validators=[MaxLengthValidator(REASON_MAX)],
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("intake assessment")
        verbose_name_plural = _("intake assessments")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    baseline_revenue__gte=0,
                    baseline_revenue__lte=MAX_RUPIAH,
                    baseline_costs__gte=0,
                    baseline_costs__lte=MAX_RUPIAH,
                    baseline_assets__gte=0,
                    baseline_assets__lte=MAX_RUPIAH,
                ),
                name="intake_amounts_sane",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | ~Q(placed_tier=""), name="confirmed_intake_has_tier"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile.business_name} · {self.assessed_on:%Y-%m-%d}"

    @property
    def is_override(self) -> bool:
        return bool(self.placed_tier) and self.placed_tier != self.suggested_tier


# ---------------------------------------------------------------- exits and the graduation watch


class ExitReason(models.TextChoices):
    WITHDREW = "withdrew", _("Withdrew")
    MOVED = "moved", _("Moved away")
    BUSINESS_CLOSED = "business_closed", _("Business closed")
    DECEASED = "deceased", _("Deceased")
    TRANSFERRED = "transferred", _("Transferred to another program")
    OTHER = "other", _("Other")


class ProgramExit(TimeStampedModel):
    """A family leaving the program (not a graduation), and their re-entry if they come back."""

    profile = models.ForeignKey(
        EntrepreneurProfile, on_delete=models.CASCADE, related_name="exits", verbose_name=_("entrepreneur")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ExitReason.choices)
    exited_on = models.DateField(_("left on"))
    note = models.TextField(
        _("note"), blank=True, max_length=REASON_MAX, validators=[MaxLengthValidator(REASON_MAX)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    re_entered_on = models.DateField(_("came back on"), null=True, blank=True)
    re_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("re-entry recorded by"),
    )
    re_entry_reason = models.TextField(
        _("reason for the return"),
        blank=True,
        max_length=REASON_MAX,
        validators=[MaxLengthValidator(REASON_MAX)],
    )

    class Meta:
        verbose_name = _("exit from the program")
        verbose_name_plural = _("exits from the program")
        ordering = ["-exited_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile"], condition=Q(re_entered_on__isnull=True), name="one_open_exit_per_profile"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.reason} {self.exited_on:%Y-%m-%d}"


def active_profiles_q(prefix: str = "") -> Q:
    """Profiles still in the program (no exit without a re-entry), as a subquery: no joined rows."""
    open_exits = ProgramExit.objects.filter(re_entered_on__isnull=True).values("profile_id")
    return ~Q(**{f"{prefix}pk__in": open_exits})


class GraduationWatch(TimeStampedModel):
    """The months after a graduation in which the family's income is followed against the UMK."""

    profile = models.ForeignKey(
        EntrepreneurProfile,
        on_delete=models.CASCADE,
        related_name="graduation_watches",
        verbose_name=_("entrepreneur"),
    )
    tier_change = models.OneToOneField(TierChange, on_delete=models.CASCADE, related_name="watch")
    graduated_on = models.DateField(_("graduated on"))
    ends_on = models.DateField(_("followed until"))
    from_tier = models.CharField(_("graduated from"), max_length=12, choices=Tier.choices)
    # The check-in of the 6th and 12th month after graduation: at or above the UMK? (empty: not in yet)
    at_umk_6_months = models.BooleanField(_("at or above UMK after 6 months"), null=True, blank=True)
    at_umk_12_months = models.BooleanField(_("at or above UMK after 12 months"), null=True, blank=True)
    support_reopened_at = models.DateTimeField(_("support reopened"), null=True, blank=True)

    class Meta:
        verbose_name = _("graduation watch")
        verbose_name_plural = _("graduation watches")
        ordering = ["-graduated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.graduated_on:%Y-%m-%d} → {self.ends_on:%Y-%m-%d}"


class GraduationFlag(TimeStampedModel):
    """Two monthly check-ins below the UMK during the graduation watch."""

    watch = models.ForeignKey(GraduationWatch, on_delete=models.CASCADE, related_name="flags")
    profile = models.ForeignKey(
        EntrepreneurProfile,
        on_delete=models.CASCADE,
        related_name="graduation_flags",
        verbose_name=_("entrepreneur"),
    )
    months = models.JSONField(_("months below UMK"), default=list)
    threshold = models.BigIntegerField(_("UMK (Rp)"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.TextField(
        _("what was decided"), blank=True, max_length=REASON_MAX, validators=[MaxLengthValidator(REASON_MAX)]
    )

    class Meta:
        verbose_name = _("below-UMK flag")
        verbose_name_plural = _("below-UMK flags")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile"], condition=Q(resolved_at__isnull=True), name="one_open_graduation_flag"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}: {', '.join(self.months)}"


# The BSiMU loop's plan and budget models live in their own module (imported last: they use the above).
from incubator.models_assistance import (  # noqa: E402, F401
    AssistanceBudget,
    BusinessPlan,
    BusinessPlanLine,
)
