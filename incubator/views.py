"""Thin views: read through selectors, write through services, show the services' messages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import roles
from accounts.decorators import entrepreneur_required, mentor_required, role_required
from core.files import serve_private_file
from core.outbox import outbox_answers
from core.pagination import CountedPagePaginator
from incubator import selectors, services
from incubator.charts import revenue_chart
from incubator.errors import IncubatorError
from incubator.forms import (
    AssistedRegistrationForm,
    BusinessProfileForm,
    DeliveryForm,
    EvidenceForm,
    IntakeForm,
    MenteeFilterForm,
    MonthlyReportForm,
    RecommendForm,
    ReportCorrectionForm,
    ReviewForm,
    WithdrawForm,
)
from incubator.models import (
    INTAKE_MAX_SCORE,
    TIER_SUPPORT,
    Assistance,
    CompanionRole,
    EntrepreneurProfile,
    EvidencePhoto,
    MonthlyReport,
    Region,
    Tier,
)

MENTEES_PER_PAGE = 50
EVENTS_STEP = 30  # a mentee's recent activity, "Show more" adds as many (one slice: the same queries)
EVENTS_MAX = 600


def own_profile_required(view: Callable) -> Callable:
    """Entrepreneurs only; the view receives their profile, or they are sent to fill it in first."""

    @entrepreneur_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        profile = selectors.profile_for(request.user)
        if profile is None:
            messages.info(request, _("Please fill in your business profile first."))
            return redirect("incubator:profile")
        return view(request, profile, *args, **kwargs)

    return wrapped


# ---------------------------------------------------------------- entrepreneur portal


@entrepreneur_required
def portal_home(request: HttpRequest) -> HttpResponse:
    dashboard = selectors.dashboard_for(request.user)
    if dashboard is None:
        return redirect("incubator:profile")
    if dashboard.promotion_to_celebrate:
        return redirect("incubator:promoted")  # once, right after a promotion
    return render(request, "incubator/portal_home.html", {"d": dashboard, "profile": dashboard.profile})


@own_profile_required
@require_GET
def promoted(request: HttpRequest, profile: EntrepreneurProfile) -> HttpResponse:
    """The celebration after a promotion or graduation: the new tier, what it brings, next steps.

    The dashboard sends the entrepreneur here once (seeing it marks it); the URL keeps showing the latest.
    """
    change = selectors.promotion_to_celebrate(profile) or selectors.latest_promotion(profile)
    if change is None:
        return redirect("incubator:portal_home")
    services.mark_promotion_celebrated(change, by=request.user, now=timezone.now())
    name, text = TIER_SUPPORT[Tier(change.to_tier)]
    return render(
        request,
        "incubator/promoted.html",
        {
            "profile": profile,
            "change": change,
            "graduated": change.to_tier == Tier.GRADUATED,
            "support_name": name,
            "support_text": text,
            "milestones": selectors.milestones_for(user=request.user, tier=change.to_tier)[:5],
        },
    )


@require_POST
@role_required(roles.ENTREPRENEUR, roles.MENTOR)
def assistance_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The family (or their companion, on their behalf) answers "Sudah menerima …?": yes or no."""
    assistance = selectors.assistance_for_receipt(user=request.user, pk=pk)
    answer = request.POST.get("answer")
    if answer not in ("yes", "no"):
        messages.error(request, _("Please answer yes or no."))
    else:
        try:
            services.confirm_receipt(assistance, by=request.user, received=answer == "yes")
        except IncubatorError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Thank you: your answer is recorded.")
                if answer == "yes"
                else _("Thank you: a complaint has been raised so the program can check what happened."),
            )
    if assistance.profile.user_id == request.user.pk:
        return redirect("incubator:portal_home")
    return redirect("incubator:mentee_detail", pk=assistance.profile_id)


@mentor_required
def deliver_assistance(request: HttpRequest, pk: int) -> HttpResponse:
    """The family's companion records a BSiMU handover in the field: amount, date and a receipt photo."""
    assistance = selectors.assistance_to_deliver(companion=request.user, pk=pk)
    form = DeliveryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.deliver_assistance(
                assistance,
                by=request.user,
                delivered_on=data["delivered_on"],
                proof=data["proof"],
                amount=data["amount"],
            )
        except IncubatorError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The delivery is recorded. The family will be asked to confirm it."))
            return redirect("incubator:mentee_detail", pk=assistance.profile_id)
    return render(
        request,
        "incubator/deliver_assistance.html",
        {"assistance": assistance, "profile": assistance.profile, "form": form},
        status=400 if form.errors else 200,
    )


@entrepreneur_required
def profile(request: HttpRequest) -> HttpResponse:
    current = selectors.profile_for(request.user)
    enrolling = current is None
    needs_consent = enrolling and not request.user.consents.filter(withdrawn_at__isnull=True).exists()
    form = BusinessProfileForm(
        request.POST or None,
        request.FILES or None,
        initial=_profile_initial(current) if current else {},
        enrolling=enrolling,
        needs_consent=needs_consent,
    )
    if request.method == "POST" and form.is_valid():
        if not enrolling:
            if _save_profile(request, current, form):
                messages.success(request, _("Your business profile is saved."))
                return redirect("incubator:profile")
        else:
            data = dict(form.cleaned_data)
            data.pop("consent", None)
            photo = data.pop("business_photo", None)
            try:
                services.enroll_entrepreneur(
                    request.user, by=request.user, consent=needs_consent or None, business_photo=photo, **data
                )
            except IncubatorError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Welcome! Your business is enrolled as a Beginner."))
                return redirect("incubator:portal_home")
    return render(
        request,
        "incubator/profile.html",
        {
            "form": form,
            "profile": current,
            "enrolling": enrolling,
            "changes": selectors.profile_changes(current) if current else [],
        },
        status=400 if form.errors else 200,
    )


def _profile_initial(profile: EntrepreneurProfile) -> dict:
    return {
        "business_name": profile.business_name,
        "sector": profile.sector,
        "business_description": profile.business_description,
        "business_start_year": profile.business_start_year,
        "province": profile.province_id,
        "regency": profile.regency_id,
        "district": profile.district_id,
        "village": profile.village,
        "pkh_reference": profile.pkh_reference,
    }


def _save_profile(request: HttpRequest, profile: EntrepreneurProfile, form: BusinessProfileForm) -> bool:
    """Save the business profile through the service; False (with the error on the form) if refused."""
    data = dict(form.cleaned_data)
    if not data.get("business_photo"):
        data.pop("business_photo", None)
    try:
        services.update_business_profile(profile, by=request.user, **data)
    except IncubatorError as exc:
        form.add_error(None, str(exc))
        return False
    return True


@own_profile_required
def milestones(request: HttpRequest, profile: EntrepreneurProfile) -> HttpResponse:
    items = list(selectors.milestones_for(user=request.user))
    eligibility = services.promotion_eligibility(profile)
    return render(
        request,
        "incubator/milestones.html",
        {"profile": profile, "milestones": items, "eligibility": eligibility},
    )


@role_required(roles.ENTREPRENEUR, roles.MENTOR)
@outbox_answers
def milestone_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The entrepreneur (or a companion on their behalf) reads a milestone and hands in evidence."""
    milestone = selectors.get_milestone_for(user=request.user, pk=pk)
    photos = selectors.current_photos(milestone)
    form = EvidenceForm(
        request.POST or None,
        request.FILES or None,
        template=milestone.template,
        has_photos=bool(photos),
        initial={
            "expected_version": milestone.version,
            "text": milestone.evidence_text,
            "amount": milestone.evidence_amount,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_evidence(
                milestone,
                by=request.user,
                text=data.get("text", ""),
                amount=data.get("amount"),
                photos=data.get("photos") or (),
                expected_version=data["expected_version"],
                client_key=data.get("form_key"),
            )
        except IncubatorError as exc:
            if milestone.version == data["expected_version"] and not milestone.awaits_review:
                form.add_error(None, str(exc))
            else:  # a repeated or stale POST: the page no longer shows the form
                messages.error(request, str(exc))
                return redirect("incubator:milestone_detail", pk=milestone.pk)
        else:
            messages.success(request, _("Sent! Your mentor will review it."))
            return redirect("incubator:milestone_detail", pk=milestone.pk)
    can_submit = (
        milestone.status in ("not_started", "changes_requested") and milestone.tier == milestone.profile.tier
    )
    withdraw_form = (
        WithdrawForm(initial={"expected_version": milestone.version}) if milestone.awaits_review else None
    )
    return TemplateResponse(
        request,
        "incubator/milestone_detail.html",
        {
            "milestone": milestone,
            "form": form,
            "can_submit": can_submit,
            "photos": photos,
            **_history(request, milestone),
            "on_behalf": milestone.profile.user_id != request.user.pk,
            "withdraw_form": withdraw_form,
        },
        status=400 if form.errors else 200,
    )


HISTORY_STEP = 10
HISTORY_MAX = 500  # "show earlier" stops growing the page here


def _history(request: HttpRequest, milestone) -> dict:
    """The milestone's latest events, HISTORY_STEP more each time "Show earlier history" is asked
    (``?history=N``): the same one query however long the history."""
    raw = request.GET.get("history", "")
    shown = min(max(int(raw) if raw.isdigit() and len(raw) < 5 else HISTORY_STEP, HISTORY_STEP), HISTORY_MAX)
    events, earlier = selectors.milestone_history(milestone, shown=shown)
    return {
        "events": events,
        "earlier_events": shown + HISTORY_STEP if earlier and shown < HISTORY_MAX else None,
    }


@role_required(roles.ENTREPRENEUR, roles.MENTOR)
@require_POST
def withdraw_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back a submission still waiting for review (the entrepreneur, or their companion)."""
    milestone = selectors.get_milestone_for(user=request.user, pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please try again."))
    else:
        try:
            services.withdraw_evidence(
                milestone, by=request.user, expected_version=form.cleaned_data["expected_version"]
            )
        except IncubatorError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Withdrawn. Correct the evidence below and send it again."))
    return redirect("incubator:milestone_detail", pk=milestone.pk)


def _record_report(request: HttpRequest, profile: EntrepreneurProfile, form: MonthlyReportForm) -> None:
    data = dict(form.cleaned_data)
    services.record_monthly_report(profile, by=request.user, client_key=data.pop("form_key", None), **data)


@own_profile_required
@outbox_answers
def reports(request: HttpRequest, profile: EntrepreneurProfile) -> HttpResponse:
    rows = selectors.reports_for(profile)
    form = MonthlyReportForm(request.POST or None, reported=[r.month for r in rows])
    if request.method == "POST" and form.is_valid():
        try:
            _record_report(request, profile, form)
        except IncubatorError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your monthly figures are saved."))
            return redirect("incubator:reports")
    return TemplateResponse(
        request,
        "incubator/reports.html",
        {
            "profile": profile,
            "form": form,
            "reports": rows,
            "chart": revenue_chart(rows, umk=selectors.current_umk(profile)),
        },
        status=400 if form.errors else 200,
    )


@role_required(roles.ENTREPRENEUR, roles.MENTOR)
def correct_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a month's figures: the entrepreneur (what was entered for them too) or their companion."""
    report = selectors.get_report_for(user=request.user, pk=pk)
    form = ReportCorrectionForm(
        request.POST or None,
        initial={f: getattr(report, f) for f in ("revenue", "costs", "workers", "notes")},
    )
    own = report.profile.user_id == request.user.pk
    back = (
        reverse("incubator:reports") if own else reverse("incubator:mentee_reports", args=[report.profile_id])
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_monthly_report(report, by=request.user, **form.cleaned_data)
        except IncubatorError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The figures are corrected."))
            return redirect(back)
    return render(
        request,
        "incubator/report_correct.html",
        {
            "report": report,
            "profile": report.profile,
            "form": form,
            "back": back,
            "on_behalf": not own,
            "events": selectors.report_history(report),
        },
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- mentor


@mentor_required
def mentor_home(request: HttpRequest) -> HttpResponse:
    form = MenteeFilterForm(request.GET)
    filters = form.filters()
    today = timezone.localdate()
    mentees = selectors.with_umk_in_force(selectors.mentees_for(companion=request.user), today=today)
    if filters:
        mentees = selectors.filter_mentees(mentees, today=today, **filters)
    page = CountedPagePaginator(mentees, MENTEES_PER_PAGE).get_page(request.GET.get("page"))
    mentees = selectors.with_umk_distance(page.object_list)  # the page, its count and UMKs: one query
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "incubator/mentor_home.html",
        {
            "page": page,
            "mentees": mentees,
            "form": form,
            "filtered": any(filters.values()) if filters else False,
            "query": query.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@mentor_required
def mentee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.get_mentee_for(companion=request.user, pk=pk)
    is_business_mentor = profile.my_role == CompanionRole.MENTOR
    recommend_form = RecommendForm(
        request.POST if request.POST.get("action") in ("recommend", "recommend_graduation") else None
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "verify_report":
                report_id = request.POST.get("report", "")
                report = (
                    MonthlyReport.objects.filter(profile=profile, pk=int(report_id)).first()
                    if report_id.isdigit()
                    else None
                )
                if report is None:
                    raise Http404
                services.verify_monthly_report(report, by=request.user)
                messages.success(request, _("Report verified."))
            elif action == "recommend" and recommend_form.is_valid():
                services.recommend_promotion(
                    profile, by=request.user, note=recommend_form.cleaned_data["note"]
                )
                messages.success(request, _("Promotion recommended; a program manager will decide."))
            elif action == "recommend_graduation" and recommend_form.is_valid():
                services.recommend_graduation(
                    profile, by=request.user, note=recommend_form.cleaned_data["note"]
                )
                messages.success(request, _("Graduation recommended; a program manager will decide."))
            else:
                messages.error(request, _("Unknown action."))
        except IncubatorError as exc:
            messages.error(request, str(exc))
        return redirect("incubator:mentee_detail", pk=profile.pk)
    rows = selectors.reports_for(profile)
    umk = selectors.umk_distance(profile)
    companions = list(selectors.companions_history(profile))
    raw = request.GET.get("events", "")
    shown = min(max(int(raw) if raw.isdigit() and len(raw) < 5 else EVENTS_STEP, EVENTS_STEP), EVENTS_MAX)
    events = list(selectors.mentee_events(profile, limit=shown + 1))
    return render(
        request,
        "incubator/mentee_detail.html",
        {
            "profile": profile,
            "is_business_mentor": is_business_mentor,
            "no_business_mentor": not any(
                a.role == CompanionRole.MENTOR and a.ended_at is None for a in companions
            ),
            "milestones": selectors.milestones_of(profile),
            "reports": rows,
            "chart": revenue_chart(rows, umk=umk.threshold),
            "tier_history": selectors.tier_history(profile),
            "companions": companions,
            "events": events[:shown],
            "more_events": shown + EVENTS_STEP if len(events) > shown and shown < EVENTS_MAX else None,
            "changes": selectors.profile_changes(profile, limit=5),
            "eligibility": services.promotion_eligibility(profile),
            "graduation": services.graduation_eligibility(profile, distance=umk),
            "umk": umk,
            "placement": selectors.intake_history(profile).first(),
            "left": selectors.open_exit(profile),
            "pending": profile.promotion_requests.filter(status="pending").first(),
            "recommend_form": recommend_form,
            "graduated": profile.tier == Tier.GRADUATED,
            "consent_withdrawn": profile.consent_withdrawn_at is not None,
            "assistance": selectors.assistance_of(profile),
        },
    )


@mentor_required
def register_entrepreneur(request: HttpRequest) -> HttpResponse:
    """A companion registers a person they assist, with the consent the person gives on the spot."""
    region_ids = set(
        Region.objects.filter(mentors__user=request.user, mentors__is_active=True).values_list(
            "pk", flat=True
        )
    )
    form = AssistedRegistrationForm(request.POST or None, region_ids=region_ids)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.register_assisted_entrepreneur(by=request.user, **form.cleaned_data)
        except IncubatorError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "%(name)s is registered and you are their companion. They sign in with a code sent to their phone."
                )
                % {"name": profile.user},
            )
            return redirect("incubator:mentee_detail", pk=profile.pk)
    return render(
        request,
        "incubator/register.html",
        {"form": form, "no_area": not region_ids},
        status=400 if form.errors else 200,
    )


@mentor_required
def mentee_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """A companion fills in or corrects the business profile of an entrepreneur they accompany."""
    profile = selectors.get_mentee_for(companion=request.user, pk=pk)
    form = BusinessProfileForm(
        request.POST or None,
        request.FILES or None,
        initial=_profile_initial(profile),
        enrolling=False,
        needs_consent=False,
    )
    if request.method == "POST" and form.is_valid() and _save_profile(request, profile, form):
        messages.success(request, _("The business profile is saved for %(name)s.") % {"name": profile.user})
        return redirect("incubator:mentee_detail", pk=profile.pk)
    return render(
        request,
        "incubator/mentee_profile.html",
        {"form": form, "profile": profile, "changes": selectors.profile_changes(profile)},
        status=400 if form.errors else 200,
    )


@mentor_required
@outbox_answers
def mentee_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """A companion enters a month's figures for an entrepreneur they accompany."""
    profile = selectors.get_mentee_for(companion=request.user, pk=pk)
    rows = selectors.reports_for(profile)
    form = MonthlyReportForm(request.POST or None, reported=[r.month for r in rows], for_owner=False)
    if request.method == "POST" and form.is_valid():
        try:
            _record_report(request, profile, form)
        except IncubatorError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("The monthly figures are saved for %(name)s.") % {"name": profile.user}
            )
            return redirect("incubator:mentee_reports", pk=profile.pk)
    return TemplateResponse(
        request,
        "incubator/mentee_reports.html",
        {"profile": profile, "form": form, "reports": rows},
        status=400 if form.errors else 200,
    )


@mentor_required
def review_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.get_milestone_for_review(user=request.user, pk=pk)
    form = ReviewForm(request.POST or None, initial={"expected_version": milestone.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        verify = data["decision"] == ReviewForm.VERIFY
        review = services.verify_milestone if verify else services.request_changes
        try:
            review(
                milestone, by=request.user, comment=data["comment"], expected_version=data["expected_version"]
            )
            messages.success(
                request, _("Milestone verified.") if verify else _("Sent back with your comment.")
            )
        except IncubatorError as exc:
            if milestone.awaits_review and milestone.version == data["expected_version"]:
                form.add_error(None, str(exc))
            else:  # stale or repeated: nothing left to review here
                messages.error(request, str(exc))
                return redirect("incubator:mentee_detail", pk=milestone.profile_id)
        else:
            return redirect("incubator:mentee_detail", pk=milestone.profile_id)
    return render(
        request,
        "incubator/review.html",
        {
            "milestone": milestone,
            "form": form,
            "photos": selectors.current_photos(milestone),
            **_history(request, milestone),
        },
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- private files

FILE_KINDS = {
    # kind: (model, field, path from the object to its profile)
    "evidence": (EvidencePhoto, "image", "milestone__profile"),
    "thumb": (EvidencePhoto, "thumbnail", "milestone__profile"),
    "business": (EntrepreneurProfile, "business_photo", None),
    "proof": (Assistance, "proof_of_receipt", "profile"),
}


@require_GET
def private_file(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    """A private upload, only to its owner, their current companions and program managers; 404 otherwise."""
    if kind not in FILE_KINDS or not request.user.is_authenticated:
        raise Http404
    model, field_name, to_profile = FILE_KINDS[kind]
    qs = model.objects.all()
    if to_profile:
        qs = qs.select_related(to_profile)
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    owner = obj
    for step in (to_profile or "").split("__"):
        owner = getattr(owner, step) if step else owner
    if not selectors.can_see_private_files(request.user, owner):
        raise Http404
    return serve_private_file(getattr(obj, field_name), disposition="inline")


def glossary(request):
    """The program's words in plain language (Nursing Capital, BSiMU, HPP, NIB, UMK, KUR…)."""
    return render(request, "incubator/glossary.html")


def help_page(request):
    """Where to get help: the companion first, then a complaint, then the program office."""
    return render(request, "incubator/help.html")


@mentor_required
def mentee_intake(request: HttpRequest, pk: int) -> HttpResponse:
    """The intake (or re-)assessment a mentor and the social companion fill in together."""
    profile = selectors.get_mentee_for(companion=request.user, pk=pk)
    aspects = selectors.intake_aspects()
    form = IntakeForm(request.POST or None, aspects=aspects)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.record_intake_assessment(profile, by=request.user, **form.service_fields())
        except IncubatorError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Assessment saved. Suggested group: %(tier)s. A program manager confirms the starting group."
                )
                % {"tier": assessment.get_suggested_tier_display()},
            )
            return redirect("incubator:mentee_intake", pk=profile.pk)
    return render(
        request,
        "incubator/mentee_intake.html",
        {
            "profile": profile,
            "form": form,
            "aspects": aspects,
            "rule": services.placement_thresholds(INTAKE_MAX_SCORE * len(aspects)) if aspects else None,
            "history": selectors.intake_history(profile),
        },
        status=400 if form.errors else 200,
    )
