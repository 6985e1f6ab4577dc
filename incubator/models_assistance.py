"""The BSiMU loop's own records: a family's business plan with its lines, and a cohort's budget.

Imported at the end of ``incubator.models`` so that Django finds the models in the ``incubator`` app.
``Assistance`` (in ``incubator.models``) points at a plan line; the old free-text ``plan_item`` stays
for the rows planned before plans existed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from incubator.models import MAX_RUPIAH, NOTE_MAX, Cohort, EntrepreneurProfile, MilestoneTemplate


class BusinessPlan(TimeStampedModel):
    """A family's simple business plan, written with their business mentor: a goal and the items needed."""

    profile = models.OneToOneField(
        EntrepreneurProfile,
        on_delete=models.PROTECT,
        related_name="business_plan",
        verbose_name=_("entrepreneur"),
    )
    goal = models.TextField(_("goal"), max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)])
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    class Meta:
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")

    def __str__(self) -> str:
        return str(self.profile.business_name)


class BusinessPlanLine(TimeStampedModel):
    """One item the business needs, with its estimated price and the milestone it should help reach."""

    class Category(models.TextChoices):
        EQUIPMENT = "equipment", _("Equipment")
        STOCK = "stock", _("Stock")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    item = models.CharField(_("item"), max_length=200)
    estimated_price = models.BigIntegerField(_("estimated price (Rp)"))
    milestone = models.ForeignKey(
        MilestoneTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("milestone it should help reach"),
    )

    class Meta:
        verbose_name = _("business-plan line")
        verbose_name_plural = _("business-plan lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_price__gt=0, estimated_price__lte=MAX_RUPIAH),
                name="plan_line_price_sane",
            )
        ]

    def __str__(self) -> str:
        return self.item


class AssistanceBudget(TimeStampedModel):
    """A cohort's BSiMU budget: planning shows what remains; going over needs a national manager."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="assistance_budget", verbose_name=_("cohort")
    )
    amount = models.BigIntegerField(_("budget (Rp)"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("set by"),
    )

    class Meta:
        verbose_name = _("BSiMU budget")
        verbose_name_plural = _("BSiMU budgets")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0, amount__lte=MAX_RUPIAH), name="assistance_budget_sane"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.amount}"
