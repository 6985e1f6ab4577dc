"""What Tumbuh holds about one person, section by section (/account/data/ and the download).

Each function reads one section for the signed-in person only, in a fixed number of queries.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import ConsentRecord, User
from complaints.models import Complaint
from incubator.models import Assistance, EntrepreneurProfile, EvidencePhoto, Milestone, MonthlyReport
from mentoring.models import MentoringSession, Message, SessionPhoto
from privacy.models import DataExport, DeletionRequest

MESSAGE_LIMIT = 500  # shown on the page; the download holds every message


def profile_of(user: User) -> EntrepreneurProfile | None:
    """The person's business profile, with its areas and cohort (1 query)."""
    return (
        EntrepreneurProfile.objects.select_related("province", "regency", "district", "cohort")
        .filter(user=user)
        .first()
    )


def consents_of(user: User) -> list[ConsentRecord]:
    return list(
        ConsentRecord.objects.filter(user=user).select_related("captured_by").order_by("given_at", "pk")
    )


def figures_of(user: User) -> list[MonthlyReport]:
    return list(MonthlyReport.objects.filter(profile__user=user).order_by("month"))


def evidence_of(user: User) -> list[Milestone]:
    """Milestones with what was sent for them, and how many photos (1 query)."""
    return list(
        Milestone.objects.filter(profile__user=user)
        .select_related("template")
        .annotate(photo_count=Count("photos"))
        .order_by("template__tier", "template__order")
    )


def evidence_photos_of(user: User) -> QuerySet[EvidencePhoto]:
    return EvidencePhoto.objects.filter(milestone__profile__user=user).order_by("pk")


def messages_of(user: User, *, limit: int | None = MESSAGE_LIMIT) -> list[Message]:
    """Messages of the person's conversations with their companions, oldest first (1 query)."""
    qs = (
        Message.objects.filter(conversation__profile__user=user)
        .select_related("sender", "conversation")
        .order_by("-pk")
    )
    rows = list(qs[:limit] if limit else qs)
    rows.reverse()
    return rows


def visits_about(user: User) -> list[MentoringSession]:
    """Sessions and field visits about the person, with their companion (1 query).

    A field visit's internal notes are the companions' own working notes and are shown too: the
    person has the right to see what is recorded about them.
    """
    return list(
        MentoringSession.objects.filter(profile__user=user)
        .select_related("companion", "fieldvisit")
        .annotate(photo_count=Count("photos"))
        .order_by("-date", "-pk")
    )


def session_photos_of(user: User) -> QuerySet[SessionPhoto]:
    return SessionPhoto.objects.filter(session__profile__user=user).order_by("pk")


def complaints_raised_by(user: User) -> list[Complaint]:
    return list(Complaint.objects.filter(raised_by=user).order_by("-pk"))


def assistance_of(user: User) -> list[Assistance]:
    return list(Assistance.objects.filter(profile__user=user).order_by("-pk"))


def latest_export(user: User) -> DataExport | None:
    return DataExport.objects.filter(user=user).first()


def pending_deletion(user: User) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(user=user).first()


def get_export_for(*, user: User, pk: int) -> DataExport:
    """The person's own ready download, still within its 7 days; 404 otherwise (never reveal)."""
    export = DataExport.objects.filter(
        pk=pk, user=user, status=DataExport.Status.READY, expires_at__gt=timezone.now()
    ).first()
    if export is None or not export.file:
        raise Http404
    return export
