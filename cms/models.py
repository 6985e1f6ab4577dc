from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from cms.blocks import HomeBodyBlock, LessonBodyBlock
from cms.permissions import LearningPagePermissionTester
from incubator.models import CompanionKind, Tier

WORKING_TIERS = [
    (Tier.BEGINNER, Tier.BEGINNER.label),
    (Tier.DEVELOPING, Tier.DEVELOPING.label),
    (Tier.ADVANCED, Tier.ADVANCED.label),
]


class Audience(models.TextChoices):
    """Who a course is for: the families, the social pillars (bimtek), or both."""

    ENTREPRENEURS = "entrepreneurs", _("Families")
    PILLARS = "pillars", _("Social pillars")
    BOTH = "both", _("Families and social pillars")


# Staff of a Puskesos-SLRT service point: a social pillar (DOMAIN.md) that is not a companion kind;
# its members come from pillar organisations of that kind (``pillars.selectors``).
PUSKESOS = "puskesos"
# The pillar types a pillar course can be narrowed to: every companion kind but the business mentor,
# and Puskesos-SLRT staff.
PILLAR_KINDS = [
    *((kind, label) for kind, label in CompanionKind.choices if kind != CompanionKind.BUSINESS_MENTOR),
    (PUSKESOS, _("Puskesos-SLRT staff")),
]


class HomePage(Page):
    """The public page about the program, served at ``/`` (Indonesian) and ``/en/`` (English)."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(HomeBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Finds the page the whole remaining path names in one lookup by ``url_path`` (plus one for
        its specific type) instead of Wagtail's two queries per level (a child by slug, then its
        type): a lesson, three levels down, costs 2 queries instead of 6. The same answer as
        ``Page.route``: Http404 for a path that names no page or a page that is not live (only the
        last page is checked, as Wagtail does). Taken only while no page type under the home page
        routes its own way (``_default_routing``); otherwise Wagtail walks the tree as usual."""
        if not path_components or not _default_routing():
            return super().route(request, path_components)
        page = page_at(f"{self.url_path}{'/'.join(path_components)}/")
        if page is None:
            raise Http404
        return page.route(request, [])


# How long a URL remembers its page's type and id. An entry is checked at every use (the page must
# still have that URL), so a moved, renamed or deleted page never needs it cleared.
ROUTE_CACHE_SECONDS = 24 * 60 * 60


def route_cache_key(url_path: str) -> str:
    return "cms:route:" + hashlib.sha256(url_path.encode()).hexdigest()


def page_at(url_path: str) -> Page | None:
    """The specific page with this ``url_path``, or None. The URL's page type and id are cached: a
    visit after the first costs one query (the specific row joined to its page, filtered by both id
    and URL) instead of two (the page by URL, then its specific row)."""
    key = route_cache_key(url_path)
    remembered = cache.get(key)
    if remembered is not None:
        content_type_id, pk = remembered
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model._default_manager.filter(pk=pk, url_path=url_path).first() if model else None
        if page is not None:
            return page
    page = Page.objects.filter(url_path=url_path).first()
    if page is None:
        return None
    cache.set(key, (page.content_type_id, page.pk), ROUTE_CACHE_SECONDS)
    return page.specific


def _default_routing() -> bool:
    """Whether every page type but the home page routes as ``Page.route`` does (none overrides it)."""
    global _DEFAULT_ROUTING
    if _DEFAULT_ROUTING is None:
        from wagtail.models import get_page_models

        _DEFAULT_ROUTING = all(
            model.route is Page.route for model in get_page_models() if not issubclass(model, HomePage)
        )
    return _DEFAULT_ROUTING


_DEFAULT_ROUTING: bool | None = None


class SignedInPage(Page):
    """Learning is open to everyone signed in; visitors are sent to sign in first.

    Every page of the learning tree is published by a content reviewer only (issue 21).
    """

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return LearningPagePermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    def get_view_restrictions(self):
        """Wagtail's answer (the restrictions of this page and its ancestors, an alias counting as
        the page it copies) in one query instead of two: the ancestors' paths follow from the page's.
        An alias of an alias counts as the first page (two steps, as deep as Wagtail's admin makes)."""
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        source = Coalesce("alias_of__alias_of_id", "alias_of_id", "id")
        checked = Page.objects.filter(path__in=paths).values(page=source)
        return PageViewRestriction.objects.filter(page_id__in=checked)


class LearningIndexPage(SignedInPage):
    """``/learn/``: the courses by tier, the reader's own tier first, and the search box."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count_per_parent = 1
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CoursePage"]
    template = "cms/learning_index_page.html"

    class Meta:
        verbose_name = _("learning index")

    def search_query(self, request) -> str:
        return request.GET.get("q", "").strip()[:100]

    def get_template(self, request, *args, **kwargs):
        if self.search_query(request):
            return "cms/learning_search.html"
        return super().get_template(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        query = self.search_query(request)
        context["query"] = query
        if query:
            context["results"] = selectors.search_learning(index=self, query=query)
        else:
            audience, kinds = selectors.reader_audience(request.user, request.GET.get("untuk", ""))
            context["audience"] = audience
            context["audience_filters"] = [
                (selectors.FOR_FAMILIES, _("Families")),
                (selectors.FOR_PILLARS, _("Social pillars")),
                (selectors.FOR_ALL, _("All courses")),
            ]
            context["tracked"] = selectors.is_learner(request.user)
            context["tier_groups"] = selectors.courses_by_tier(
                index=self, user=request.user, audience=audience, kinds=kinds
            )
        return context


class CoursePage(SignedInPage):
    """A short course for one tier; its lessons are its children."""

    tier = models.CharField(_("tier"), max_length=12, choices=WORKING_TIERS, default=Tier.BEGINNER)
    summary = models.TextField(_("summary"), max_length=400)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover image"),
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    audience = models.CharField(
        _("audience"), max_length=15, choices=Audience.choices, default=Audience.ENTREPRENEURS
    )
    pillar_kind = models.CharField(
        _("only for pillars of type"),
        max_length=20,
        choices=PILLAR_KINDS,
        blank=True,
        help_text=_("Empty: every social pillar. Used only when the course is for pillars."),
    )
    milestone_template = models.ForeignKey(
        "incubator.MilestoneTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("milestone completed by this course"),
        help_text=_("Completing every lesson of this course completes this milestone."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("tier"),
        FieldPanel("audience"),
        FieldPanel("pillar_kind"),
        FieldPanel("summary"),
        FieldPanel("cover"),
        FieldPanel("estimated_minutes"),
        FieldPanel("milestone_template"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("tier"),
        index.FilterField("audience"),
    ]
    parent_page_types = ["cms.LearningIndexPage"]
    subpage_types = ["cms.LessonPage"]
    template = "cms/course_page.html"

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request, *args, **kwargs):
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        context["progress"] = selectors.course_progress(course=self, user=request.user)
        return context


class LessonPage(SignedInPage):
    """One lesson: text, pictures, a video on tap, downloads, callouts, a checklist and a quiz."""

    summary = models.TextField(_("summary"), max_length=400, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=10)
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"))
    # Where the lesson's facts come from: [{"title", "publisher", "url", "date" (YYYY-MM-DD or "")}].
    sources = models.JSONField(_("sources"), default=list, blank=True)
    # Dates written into the lesson that can make it wrong once they pass: [{"date", "what"}].
    deadlines = models.JSONField(_("deadlines"), default=list, blank=True)
    last_reviewed_at = models.DateField(_("last reviewed"), null=True, blank=True)
    reviewed_by = models.CharField(_("reviewed by"), max_length=200, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    promote_panels = [
        *Page.promote_panels,
        FieldPanel("sources"),
        FieldPanel("deadlines"),
        FieldPanel("last_reviewed_at", read_only=True),
        FieldPanel("reviewed_by", read_only=True),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.CoursePage"]
    subpage_types: list[str] = []
    template = "cms/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        permissions = [("review_lesson", _("Can see lessons due for a fact review"))]

    def clean(self):
        """A deadline the review reminder cannot read would never make the lesson due: refuse it."""
        super().clean()
        deadlines = self.deadlines if isinstance(self.deadlines, list) else None
        if deadlines is None or not all(_readable_deadline(item) for item in deadlines):
            raise ValidationError(
                {
                    "deadlines": _(
                        'Write each deadline as {"date": "YYYY-MM-DD", "what": "what ends then"}, '
                        'for example [{"date": "2026-10-17", "what": "Halal certificate required"}].'
                    )
                }
            )

    @property
    def quiz(self):
        """The lesson's quiz block value (at most one per lesson), or None."""
        for block in self.body:
            if block.block_type == "quiz":
                return block.value
        return None

    def get_context(self, request, *args, **kwargs):
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        progress = selectors.lesson_progress(lesson=self, user=request.user)
        context["progress"] = progress
        context["quiz_feedback"] = selectors.quiz_feedback(self.quiz, progress.last_attempt)
        return context


def _readable_deadline(item) -> bool:
    if not isinstance(item, dict) or not str(item.get("what", "")).strip():
        return False
    try:
        datetime.date.fromisoformat(str(item.get("date", "")))
    except ValueError:
        return False
    return True


class LessonCompletion(models.Model):
    """An entrepreneur finished a lesson. Progress counts a lesson in any language as the same lesson."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_completions",
        verbose_name=_("user"),
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="completions", verbose_name=_("lesson")
    )
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="unique_lesson_completion")]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson_id}"


class LessonReviewReminder(models.Model):
    """A reminder that a lesson is due for review was sent for this month (one per lesson per month)."""

    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="review_reminders", verbose_name=_("lesson")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month the reminder was for."))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson review reminder")
        verbose_name_plural = _("lesson review reminders")
        constraints = [models.UniqueConstraint(fields=["lesson", "month"], name="unique_review_reminder")]

    def __str__(self) -> str:
        return f"{self.lesson_id} · {self.month:%Y-%m}"


class QuizAttempt(models.Model):
    """Every quiz submission, kept as history; the latest passing one unlocks completion."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("user"),
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("lesson")
    )
    score = models.PositiveSmallIntegerField(_("correct answers"))
    total = models.PositiveSmallIntegerField(_("questions"))
    passed = models.BooleanField(_("passed"))
    answers = models.JSONField(_("answers"), default=dict)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    # The hidden key of the quiz form it came from: the same answers sent twice (a retry from the
    # offline outbox, a double tap) are one attempt (``services.submit_quiz``).
    client_key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "client_key"], name="quiz_attempt_unique_client_key"),
            models.CheckConstraint(
                condition=models.Q(score__lte=models.F("total")), name="quiz_score_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson_id} · {self.score}/{self.total}"
