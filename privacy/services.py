"""People's rights over their data: download, deletion on request, and the retention period.

Each rule is one transaction with a history row (``PrivacyEvent``); files are deleted after commit.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
import zipfile
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from incubator.models import CompanionAssignment, EntrepreneurProfile, EvidencePhoto, Milestone, MonthlyReport
from incubator.scope import scope_for
from incubator.services import refresh_dashboards_showing
from mentoring.models import Conversation, FieldVisit, MentoringSession, Message, SessionPhoto
from privacy import selectors
from privacy.errors import PrivacyError
from privacy.models import DataExport, DeletionRequest, PrivacyEvent
from privacy.retention import retention_months

EXPORT_DAYS = 7
REASON_MAX = 1000


# ---------------------------------------------------------------- download


@transaction.atomic
def request_export(user: User, *, by: User) -> DataExport:
    """The person asks for their download; it is built in the background after commit.

    One download at a time: while one is being prepared, asking again returns it.
    """
    if by.pk != user.pk:
        raise PrivacyError(_("Only the person themselves can download their data."))
    User.objects.select_for_update().filter(pk=user.pk).first()
    pending = DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).first()
    if pending:
        return pending
    export = DataExport.objects.create(user=user)
    PrivacyEvent.objects.create(user=user, kind=PrivacyEvent.Kind.EXPORT_REQUESTED, actor=by)
    from privacy.tasks import build_data_export

    transaction.on_commit(lambda: build_data_export.enqueue(export.pk))
    return export


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def collect(user: User) -> dict[str, list[dict]]:
    """Everything held about ``user``, as plain data (the download's JSON and CSV)."""
    profile = selectors.profile_of(user)
    data: dict[str, list[dict]] = {
        "account": [
            {
                "full_name": user.full_name,
                "email": user.email,
                "phone": user.phone,
                "joined": _iso(user.date_joined),
                "last_login": _iso(user.last_login),
            }
        ],
        "profile": [],
        "consents": [
            {
                "version": c.policy_version,
                "given_at": _iso(c.given_at),
                "captured_by": str(c.captured_by) if c.captured_by else "",
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in selectors.consents_of(user)
        ],
        "figures": [
            {
                "month": _iso(r.month),
                "revenue": r.revenue,
                "costs": r.costs,
                "workers": r.workers,
                "notes": r.notes,
                "verified_at": _iso(r.verified_at),
            }
            for r in selectors.figures_of(user)
        ],
        "evidence": [
            {
                "milestone": m.template.title,
                "status": m.status,
                "text": m.evidence_text,
                "amount": m.evidence_amount,
                "submitted_at": _iso(m.submitted_at),
                "review_comment": m.review_comment,
                "photos": m.photo_count,
            }
            for m in selectors.evidence_of(user)
        ],
        "messages": [
            {
                "sent_at": _iso(m.created_at),
                "from": "me" if m.sender_id == user.pk else str(m.sender),
                "text": m.body,
                "photo": bool(m.image),
            }
            for m in selectors.messages_of(user, limit=None)
        ],
        "visits": [
            {
                "date": _iso(s.date),
                "companion": str(s.companion),
                "mode": s.mode,
                "topics": s.topics,
                "notes": s.notes,
                "internal_notes": getattr(getattr(s, "fieldvisit", None), "internal_notes", ""),
            }
            for s in selectors.visits_about(user)
        ],
        "complaints": [
            {
                "number": c.number,
                "category": c.category,
                "status": c.status,
                "description": c.description,
                "raised_at": _iso(c.created_at),
            }
            for c in selectors.complaints_raised_by(user)
        ],
        "assistance": [
            {
                "item": a.plan_item,
                "kind": a.kind,
                "amount": a.amount,
                "status": a.status,
                "delivered_on": _iso(a.delivered_on),
                "confirmation": a.receipt,
            }
            for a in selectors.assistance_of(user)
        ],
    }
    if profile:
        data["profile"] = [
            {
                "business_name": profile.business_name,
                "sector": profile.sector,
                "description": profile.business_description,
                "province": str(profile.province or ""),
                "regency": str(profile.regency or ""),
                "district": str(profile.district or ""),
                "village": profile.village,
                "tier": profile.tier,
                "cohort": str(profile.cohort or ""),
                "enrolled_on": _iso(profile.enrolled_on),
                "pkh_reference": profile.pkh_reference,
            }
        ]
    return data


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            # A spreadsheet must not run a formula someone typed (=, +, -, @ first).
            writer.writerow(
                {k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in row.items()}
            )
    return out.getvalue()


def _add_file(archive: zipfile.ZipFile, folder: str, file: FieldFile) -> None:
    if not file:
        return
    try:
        with file.open("rb") as fh:
            archive.writestr(f"photos/{folder}/{file.name.rsplit('/', 1)[-1]}", fh.read())
    except (FileNotFoundError, OSError):
        pass  # a file missing from storage: the rest of the archive is still worth having


def build_export(export_id: int) -> DataExport | None:
    """Build the zip of ``export_id``: data.json, one CSV per section, and the person's photos."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return export
    user = export.user
    data = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for section, rows in data.items():
            archive.writestr(f"{section}.csv", _csv(rows))
        profile = selectors.profile_of(user)
        if profile and profile.business_photo:
            _add_file(archive, "business", profile.business_photo)
        for photo in selectors.evidence_photos_of(user):
            _add_file(archive, "evidence", photo.image)
        for photo in selectors.session_photos_of(user):
            _add_file(archive, "visits", photo.image)
        for message in Message.objects.filter(conversation__profile__user=user).exclude(image=""):
            _add_file(archive, "chat", message.image)
    now = timezone.now()
    export.file.save("data.zip", ContentFile(buffer.getvalue()), save=False)
    export.status, export.ready_at = DataExport.Status.READY, now
    export.expires_at = now + datetime.timedelta(days=EXPORT_DAYS)
    export.save(update_fields=["file", "status", "ready_at", "expires_at"])
    from core.notifications import push

    push(user.pk, {"type": "privacy.export_ready", "export_id": export.pk})
    return export


# ---------------------------------------------------------------- deletion


@transaction.atomic
def request_deletion(user: User, *, by: User, reason: str = "") -> DeletionRequest:
    """The person asks for their data to be deleted; a manager of their area decides.

    Raises PrivacyError when a request is already waiting, or for someone else's account.
    """
    if by.pk != user.pk:
        raise PrivacyError(_("Only the person themselves can ask for their data to be deleted."))
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise PrivacyError(_("Please keep the reason under %(n)s characters.") % {"n": REASON_MAX})
    User.objects.select_for_update().filter(pk=user.pk).first()
    if DeletionRequest.objects.filter(user=user, status=DeletionRequest.Status.PENDING).exists():
        raise PrivacyError(_("Your request is already waiting for a decision."))
    request = DeletionRequest.objects.create(user=user, reason=reason)
    PrivacyEvent.objects.create(
        user=user, kind=PrivacyEvent.Kind.DELETION_REQUESTED, actor=by, data={"request": request.pk}
    )
    return request


def _require_manager_of(by: User, user: User) -> None:
    if not roles.is_manager(by):
        raise PrivacyError(_("Only a program manager can decide a deletion request."))
    if by.pk == user.pk:
        raise PrivacyError(_("You cannot decide your own deletion request."))
    profile = EntrepreneurProfile.objects.filter(user=user).first()
    scope = scope_for(by)
    if profile is not None and not scope.contains_profile(profile):
        raise PrivacyError(_("This request is outside your area."))
    if profile is None and not scope.national:
        raise PrivacyError(_("Only a national program manager can decide this request."))


def _locked_pending(request: DeletionRequest) -> DeletionRequest:
    locked = DeletionRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    if locked.status != DeletionRequest.Status.PENDING:
        raise PrivacyError(_("This request has already been decided."))
    return locked


def _log(instance, action: str, by: User) -> None:
    from wagtail.log_actions import log

    log(instance=instance, action=action, user=by)


@transaction.atomic
def refuse_deletion(request: DeletionRequest, *, by: User, note: str) -> DeletionRequest:
    """A manager of the area refuses, with a reason the person is shown."""
    request = _locked_pending(request)
    _require_manager_of(by, request.user)
    note = (note or "").strip()
    if not note:
        raise PrivacyError(_("Please say why the request is refused; the person will see it."))
    request.status, request.decided_by, request.decided_at = (
        DeletionRequest.Status.REFUSED,
        by,
        timezone.now(),
    )
    request.decision_note = note[:REASON_MAX]
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    PrivacyEvent.objects.create(
        user=request.user, kind=PrivacyEvent.Kind.DELETION_REFUSED, actor=by, data={"request": request.pk}
    )
    _log(request, "tumbuh.deletion_refused", by)
    return request


@transaction.atomic
def approve_deletion(request: DeletionRequest, *, by: User) -> DeletionRequest:
    """A manager of the person's area approves: ``privacy.retention.RULES`` applied to every record.

    Anonymised (kept for the program's figures and the law): the account (name → "Peserta #<id>",
    phone and email cleared, deactivated), the business profile, monthly figures, assistance,
    complaints. Erased: chat messages, evidence texts and photos, session and visit notes and photos.
    Files are deleted after commit. Recorded in a PrivacyEvent and Wagtail's log.
    """
    request = _locked_pending(request)
    user = request.user
    _require_manager_of(by, user)
    summary = anonymise_person(user)
    request.status, request.decided_by, request.decided_at = (
        DeletionRequest.Status.APPROVED,
        by,
        timezone.now(),
    )
    request.summary = summary
    request.save(update_fields=["status", "decided_by", "decided_at", "summary"])
    PrivacyEvent.objects.create(
        user=user, kind=PrivacyEvent.Kind.DELETION_APPROVED, actor=by, data={"request": request.pk, **summary}
    )
    _log(request, "tumbuh.deletion_approved", by)
    return request


def _delete_files_after_commit(files: Iterable[FieldFile]) -> None:
    pairs = [(f.storage, f.name) for f in files if f]

    def delete() -> None:
        for storage, name in pairs:
            with contextlib.suppress(OSError):
                storage.delete(name)

    transaction.on_commit(delete)


def anonymise_person(user: User) -> dict[str, int]:
    """The body of an approved deletion (inside the caller's transaction). Returns counts."""
    from allauth.account.models import EmailAddress

    label = _("Peserta #%(id)s") % {"id": user.pk}
    user.full_name, user.first_name, user.last_name = label, "", ""
    user.email, user.phone, user.phone_verified, user.is_active = "", "", False, False
    user.username = f"peserta-{user.pk}"
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    profile = EntrepreneurProfile.objects.select_for_update().filter(user=user).first()
    summary = {"messages": 0, "photos": 0, "notes": 0, "figures": 0}
    if profile is not None:
        if profile.business_photo:
            _delete_files_after_commit([profile.business_photo])
        EntrepreneurProfile.objects.filter(pk=profile.pk).update(
            business_name=label, business_description="", village="", pkh_reference="", business_photo=""
        )
        summary["figures"] = MonthlyReport.objects.filter(profile=profile).update(notes="")
        Milestone.objects.filter(profile=profile).update(evidence_text="")
        summary["photos"] += _erase_photos(EvidencePhoto.objects.filter(milestone__profile=profile))
        summary["photos"] += _erase_photos(SessionPhoto.objects.filter(session__profile=profile))
        summary["notes"] = _blank_notes(MentoringSession.objects.filter(profile=profile))
        summary["messages"] = _erase_messages(Message.objects.filter(conversation__profile=profile))
    # No cached dashboard keeps their name or data: their family's, and those of the families they
    # accompanied or entered something for as a companion.
    refresh_dashboards_showing(user)
    return summary


def _erase_photos(qs) -> int:
    rows = list(qs)
    _delete_files_after_commit([f for p in rows for f in (p.image, p.thumbnail)])
    qs.model.objects.filter(pk__in=[p.pk for p in rows]).delete()
    return len(rows)


def _erase_messages(qs) -> int:
    rows = list(qs.only("pk", "image", "thumbnail", "conversation_id"))
    _delete_files_after_commit([f for m in rows for f in (m.image, m.thumbnail)])
    conversation_ids = {m.conversation_id for m in rows}
    Message.objects.filter(pk__in=[m.pk for m in rows]).delete()
    for conversation in Conversation.objects.filter(pk__in=conversation_ids):
        remaining = Message.objects.filter(conversation=conversation).order_by("-pk").first()
        Conversation.objects.filter(pk=conversation.pk).update(
            last_message=remaining,
            last_message_at=remaining.created_at if remaining else None,
            message_count=Message.objects.filter(conversation=conversation).count(),
        )
    return len(rows)


def _blank_notes(sessions) -> int:
    ids = list(sessions.values_list("pk", flat=True))
    count = MentoringSession.objects.filter(pk__in=ids).exclude(notes="").update(notes="")
    count += FieldVisit.objects.filter(pk__in=ids).exclude(internal_notes="").update(internal_notes="")
    return count


# ---------------------------------------------------------------- retention


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time ``months`` calendar months earlier (the 31st becomes the month's last day)."""
    import calendar

    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def families_past_retention(now: datetime.datetime | None = None) -> list[EntrepreneurProfile]:
    """Families who left the program more than TUMBUH_RETENTION_MONTHS ago.

    "Left": the account is deactivated, or (no ``Exit`` record exists yet on main) every companion
    assignment ended, the last one before the cut-off, and none is current.
    """
    now = now or timezone.now()
    cutoff = months_before(now, retention_months())
    current = CompanionAssignment.objects.current().values("profile_id")
    recent = CompanionAssignment.objects.filter(ended_at__gte=cutoff).values("profile_id")
    ended = CompanionAssignment.objects.filter(ended_at__lt=cutoff).values("profile_id")
    return list(
        EntrepreneurProfile.objects.filter(
            Q(user__is_active=False, user__last_login__lt=cutoff)
            | Q(user__is_active=False, user__last_login__isnull=True, user__date_joined__lt=cutoff)
            | Q(pk__in=ended)
        )
        .exclude(pk__in=current)
        .exclude(pk__in=recent)
        .select_related("user")
        .order_by("pk")
    )


def apply_retention(*, now: datetime.datetime | None = None, dry_run: bool = False) -> list[dict]:
    """Erase chat messages, photos and visit notes of families past the retention period.

    Monthly figures, assistance and complaints stay (``privacy.retention``). With ``dry_run``, only
    lists what would go. One transaction per family; a PrivacyEvent for each family touched.
    """
    now = now or timezone.now()
    cutoff = months_before(now, retention_months())
    report = []
    for profile in families_past_retention(now):
        messages = Message.objects.filter(conversation__profile=profile, created_at__lt=cutoff)
        evidence = EvidencePhoto.objects.filter(milestone__profile=profile, created_at__lt=cutoff)
        session_photos = SessionPhoto.objects.filter(
            session__profile=profile, session__date__lt=cutoff.date()
        )
        sessions = MentoringSession.objects.filter(profile=profile, date__lt=cutoff.date())
        notes = sessions.filter(Q(notes__gt="") | Q(fieldvisit__internal_notes__gt=""))
        row = {
            "profile": profile.pk,
            "name": str(profile.user),
            "messages": messages.count(),
            "photos": evidence.count() + session_photos.count(),
            "notes": notes.count(),
        }
        if not (row["messages"] or row["photos"] or row["notes"]):
            continue
        report.append(row)
        if dry_run:
            continue
        with transaction.atomic():
            _erase_messages(messages)
            _erase_photos(evidence)
            _erase_photos(session_photos)
            _blank_notes(sessions)
            PrivacyEvent.objects.create(user=profile.user, kind=PrivacyEvent.Kind.RETENTION, data=row)
    return report
