"""Import participants from a registry export (CSV or XLSX) as a background job.

1. The upload is checked for its shape at once (``parse_upload``: size, file type, headings, row
   limit), stored in private storage and a ``BackgroundJob`` is queued (``start_import``).
2. The task (``workspace.tasks.run_import``) reads the stored file, checks every row against the
   database (``check_rows``: a handful of queries for any file size) and imports the rows in chunks
   of ``CHUNK`` rows, one transaction per chunk, each row through the enrolment service in its own
   savepoint: a refused row leaves nothing half-written and is listed with its reason; the job's
   progress is written with each chunk.

Running the same file again is idempotent: a row whose mobile number belongs to a participant
already in the program updates their business fields if the file differs, and is skipped otherwise.

Consent: a registry export carries no personal consent of the people in it. Enrolment still needs a
consent record (UU PDP), so the importing manager records it on the person's behalf, as a companion
does when helping someone register (``captured_by`` = the manager). The record is marked with the
policy version ``<current>+registry`` so that it is never mistaken for consent the person gave
themself: it differs from the current policy version, and a "consent for the current version"
check asks the person to confirm personally at their first sign-in. No email or message is sent
by the import; the accounts have unverified email addresses (or none: phone-only rows sign in with
a code) and no usable password.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import NAME_MAX, User
from accounts.phone import normalize_phone
from accounts.services import CONSENT_POLICY_VERSION
from core.errors import DomainError
from core.text import strip_bidi
from incubator.errors import NotAllowed
from incubator.models import (
    MAX_RUPIAH,
    WORKING_TIERS,
    Cohort,
    EntrepreneurProfile,
    IntakeAssessment,
    Region,
    Sector,
    Tier,
)
from incubator.models import NAME_MAX as BUSINESS_NAME_MAX
from incubator.scope import Scope, scope_for
from incubator.services._common import MAX_WORKERS
from workspace.jobs import claim_job, finish_job, job_language
from workspace.models import BackgroundJob

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
PERMITS_MAX = IntakeAssessment._meta.get_field("baseline_permits").max_length
REGISTRY_CONSENT_VERSION = f"{CONSENT_POLICY_VERSION}+registry"

CHUNK = 200  # rows per transaction and per progress update
BASELINE = ["baseline_revenue", "baseline_costs", "baseline_workers", "baseline_permits", "baseline_assets"]
COLUMNS = [
    "name",
    "phone",
    "email",
    "province",
    "regency",
    "district",
    "business_name",
    "sector",
    "cohort",
    "tier",
    *BASELINE,
]
REQUIRED = ["name", "phone", "province", "regency", "business_name", "sector", "cohort"]
# The headings of the downloadable template (Indonesian, as the field spells them).
TEMPLATE_HEADINGS = {
    "name": "nama lengkap",
    "phone": "no hp",
    "email": "email",
    "province": "provinsi",
    "regency": "kabupaten/kota",
    "district": "kecamatan",
    "business_name": "nama usaha",
    "sector": "sektor",
    "cohort": "angkatan",
    "tier": "kelompok",
    "baseline_revenue": "omzet bulanan",
    "baseline_costs": "biaya bulanan",
    "baseline_workers": "tenaga kerja",
    "baseline_permits": "izin usaha",
    "baseline_assets": "aset usaha",
}
# Headings as registry exports spell them, in English or Indonesian.
HEADER_ALIASES = {
    "name": "name",
    "full name": "name",
    "nama": "name",
    "nama lengkap": "name",
    "phone": "phone",
    "phone number": "phone",
    "telepon": "phone",
    "no hp": "phone",
    "nomor hp": "phone",
    "email": "email",
    "e-mail": "email",
    "province": "province",
    "provinsi": "province",
    "regency": "regency",
    "regency/city": "regency",
    "city": "regency",
    "kabupaten/kota": "regency",
    "kabupaten": "regency",
    "kota": "regency",
    "district": "district",
    "kecamatan": "district",
    "business name": "business_name",
    "business": "business_name",
    "nama usaha": "business_name",
    "sector": "sector",
    "sektor": "sector",
    "bidang usaha": "sector",
    "cohort": "cohort",
    "angkatan": "cohort",
    "kohort": "cohort",
    "tier": "tier",
    "group": "tier",
    "starting group": "tier",
    "kelompok": "tier",
    "tingkat": "tier",
    "baseline revenue": "baseline_revenue",
    "monthly revenue": "baseline_revenue",
    "omzet bulanan": "baseline_revenue",
    "omzet": "baseline_revenue",
    "baseline costs": "baseline_costs",
    "monthly costs": "baseline_costs",
    "biaya bulanan": "baseline_costs",
    "biaya": "baseline_costs",
    "baseline workers": "baseline_workers",
    "workers": "baseline_workers",
    "tenaga kerja": "baseline_workers",
    "jumlah pekerja": "baseline_workers",
    "baseline permits": "baseline_permits",
    "permits": "baseline_permits",
    "izin usaha": "baseline_permits",
    "izin": "baseline_permits",
    "baseline assets": "baseline_assets",
    "assets": "baseline_assets",
    "aset usaha": "baseline_assets",
    "aset": "baseline_assets",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (too big, wrong type, missing columns)."""


@dataclass
class RowResult:
    number: int  # the row number as the spreadsheet shows it (heading = 1)
    data: dict[str, str]
    errors: list[str] = field(default_factory=list)
    existing: int | None = None  # the participant (user id) this row names again, when allowed
    baseline: dict[str, Any] | None = None


def _heading(value: Any) -> str:
    text = str(value or "").strip().lower().replace("_", " ")
    return HEADER_ALIASES.get(text, text)


def _cell(value: Any, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = strip_bidi(str(value)).strip()  # no form here: direction controls go at the door
    # Spreadsheets turn 0812… into the number 812…: put the leading zero back.
    if column == "phone" and isinstance(value, int) and text.startswith("8"):
        text = "0" + text
    return text


def _rows_from_table(table: list[list[Any]]) -> list[dict[str, str]]:
    if not table:
        raise ImportFileError(_("The file is empty."))
    headings = [_heading(value) for value in table[0]]
    missing = [column for column in REQUIRED if column not in headings]
    if missing:
        raise ImportFileError(
            _("These columns are missing: %(columns)s.")
            % {"columns": ", ".join(c.replace("_", " ") for c in missing)}
        )
    rows = []
    for values in table[1:]:
        if not any(str(v or "").strip() for v in values):
            continue  # blank lines at the end of a sheet
        row = dict.fromkeys(COLUMNS, "")
        for heading, value in zip(headings, values, strict=False):
            if heading in row:
                row[heading] = _cell(value, heading)
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(n)d rows; please split it.") % {"n": MAX_ROWS})
    if not rows:
        raise ImportFileError(_("The file has no participant rows."))
    return rows


def parse_upload(uploaded) -> list[dict[str, str]]:
    """Read a CSV (UTF-8, comma or semicolon) or XLSX upload into row dicts with the ``COLUMNS`` keys."""
    if uploaded.size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(mb)d MB; please split it.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    return read_table(uploaded.name or "", uploaded.read(MAX_FILE_BYTES + 1))


def read_table(name: str, data: bytes) -> list[dict[str, str]]:
    """The rows of a file's bytes; its type from its name (``.csv`` or ``.xlsx``)."""
    name = name.lower()
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(mb)d MB; please split it.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if name.endswith(".xlsx"):
        return _rows_from_table(_xlsx_table(data))
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(_("The CSV file is not in UTF-8; please save it as 'CSV UTF-8'.")) from None
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return _rows_from_table(list(csv.reader(io.StringIO(text), dialect)))
    raise ImportFileError(_("Please upload a .csv or .xlsx file."))


def _xlsx_table(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged or fake file
        raise ImportFileError(_("This is not a readable XLSX file.")) from None
    try:
        sheet = workbook.worksheets[0]
        table = []
        for values in sheet.iter_rows(values_only=True):
            table.append(list(values))
            if len(table) > MAX_ROWS + 1:
                raise ImportFileError(
                    _("The file has more than %(n)d rows; please split it.") % {"n": MAX_ROWS}
                )
        return table
    finally:
        workbook.close()


# How Indonesian registries name the sectors, besides the codes and the labels in both languages.
SECTOR_ALIASES = {
    "makanan": Sector.FOOD,
    "minuman": Sector.FOOD,
    "makanan dan minuman": Sector.FOOD,
    "kuliner": Sector.FOOD,
    "kerajinan": Sector.CRAFTS,
    "dagang": Sector.TRADE,
    "perdagangan": Sector.TRADE,
    "warung": Sector.TRADE,
    "toko": Sector.TRADE,
    "jasa": Sector.SERVICES,
    "pertanian": Sector.FARMING,
    "tani": Sector.FARMING,
    "peternakan": Sector.LIVESTOCK,
    "perikanan": Sector.LIVESTOCK,
    "peternakan dan perikanan": Sector.LIVESTOCK,
    "lainnya": Sector.OTHER,
    "lain-lain": Sector.OTHER,
}


def _sector_lookup() -> dict[str, str]:
    lookup = {alias: str(value) for alias, value in SECTOR_ALIASES.items()}
    for value, label in Sector.choices:
        lookup[value] = value
        for language in ("en", "id"):
            with translation.override(language):
                lookup[str(label).strip().lower()] = value
    return lookup


class _Registry:
    """Everything the rows are checked against, read once (a handful of queries for any file size)."""

    def __init__(self, rows: list[dict[str, str]], scope: Scope | None = None):
        regions = Region.objects.values_list("pk", "name", "level", "parent_id")
        # The regencies a regional manager may enrol in (None: anywhere).
        self.area = (
            None
            if scope is None or scope.national
            else set(Region.objects.filter(scope.region_q()).values_list("pk", flat=True))
        )
        self.provinces = {name.lower(): pk for pk, name, level, parent in regions if level == "province"}
        self.children: dict[tuple[int, str], int] = {
            (parent, name.lower()): pk for pk, name, level, parent in regions if parent is not None
        }
        self.cohorts = {
            name.lower(): (pk, active, region)
            for pk, name, active, region in Cohort.objects.values_list("pk", "name", "is_active", "region_id")
        }
        self.sectors = _sector_lookup()
        self.tiers = _tier_lookup()
        emails = {row["email"].strip().lower() for row in rows if row["email"]}
        self.email_owners = dict(
            User.objects.annotate(low=Lower("email")).filter(low__in=emails).values_list("low", "pk")
        )
        self.taken_emails = set(self.email_owners)
        phones = set()
        for row in rows:
            with contextlib.suppress(ValidationError):
                phones.add(normalize_phone(row["phone"]))
        owners = User.objects.filter(phone__in=phones).values_list("phone", "pk", "entrepreneur_profile")
        self.phone_owners = {phone: pk for phone, pk, _profile in owners}
        # Numbers of people already in the program: a second run of a file names them again.
        self.participants = {phone for phone, _pk, profile in owners if profile is not None}
        self.taken_phones = set(self.phone_owners)


TIER_ALIASES = {
    "pemula": Tier.BEGINNER,
    "berkembang": Tier.DEVELOPING,
    "maju": Tier.ADVANCED,
    "1": Tier.BEGINNER,
    "2": Tier.DEVELOPING,
    "3": Tier.ADVANCED,
}


def _tier_lookup() -> dict[str, str]:
    lookup = {alias: str(value) for alias, value in TIER_ALIASES.items()}
    for value in WORKING_TIERS:
        lookup[str(value)] = str(value)
        for language in ("en", "id"):
            with translation.override(language):
                lookup[str(Tier(value).label).strip().lower()] = str(value)
    return lookup


_WHOLE = re.compile(r"[0-9]+|[0-9]{1,3}(\.[0-9]{3})+")  # 1500000 or 1.500.000 (dots group thousands)


def _amount(text: str) -> int | str:
    """A whole number as registries write it ("Rp 1.500.000", "1500000"); the text back if not one."""
    cleaned = text.lower().removeprefix("rp").replace(" ", "").replace("\u00a0", "")
    if not _WHOLE.fullmatch(cleaned):
        return text
    digits = cleaned.replace(".", "")
    return int(digits) if len(digits) <= 18 else text


def _check_baseline(row: dict[str, str], errors: list[str]) -> dict[str, Any] | None:
    """The baseline of a row for ``record_import_baseline``, or None when the row has none."""
    if not any(row[column] for column in BASELINE):
        return None
    baseline: dict[str, Any] = {"permits": row["baseline_permits"]}
    labels = {
        "baseline_revenue": (_("Monthly revenue"), "revenue", True),
        "baseline_costs": (_("Monthly costs"), "costs", True),
        "baseline_assets": (_("Business assets"), "assets", False),
        "baseline_workers": (_("Workers"), "workers", False),
    }
    for column, (label, key, required) in labels.items():
        if not row[column]:
            if required:
                errors.append(
                    _(
                        "%(label)s is missing: a row with baseline figures needs the monthly revenue and costs."
                    )
                    % {"label": label}
                )
            continue
        value = _amount(row[column])
        if isinstance(value, str):
            errors.append(
                _("%(label)s must be a whole number: “%(value)s”.") % {"label": label, "value": value}
            )
        elif column == "baseline_workers" and value > MAX_WORKERS:
            errors.append(_("Please enter the number of workers as a whole number."))
        elif value > MAX_RUPIAH:
            errors.append(
                _("%(label)s is far too large for this program; please check the number.") % {"label": label}
            )
        else:
            baseline[key] = value
    if len(row["baseline_permits"]) > PERMITS_MAX:
        errors.append(_("The list of permits is too long."))
    return baseline


def check_rows(
    rows: list[dict[str, str]], *, scope: Scope | None = None, existing_ok: bool = False
) -> list[RowResult]:
    """Every row with its errors (an empty list when it can be imported). Writes nothing.

    With a regional manager's ``scope``, a row whose regency/city or cohort lies outside the area
    is refused with a message saying so. With ``existing_ok`` (the background import), a row whose
    number belongs to someone already in the program is no error: ``existing`` names them.
    """
    registry = _Registry(rows, scope)
    outside = None
    if registry.area is not None:
        outside = _("%(name)s is outside your area (%(area)s).")
    results = []
    seen_emails: dict[str, int] = {}
    seen_phones: dict[str, int] = {}
    for index, given in enumerate(rows):
        row = {**dict.fromkeys(COLUMNS, ""), **given}  # rows built by hand may leave columns out
        result = RowResult(number=index + 2, data=row)
        errors = result.errors
        for column in REQUIRED:
            if not row[column]:
                errors.append(_("%(column)s is missing.") % {"column": column.replace("_", " ").capitalize()})
        phone = None
        if row["phone"]:
            with contextlib.suppress(ValidationError):
                phone = normalize_phone(row["phone"])
        if existing_ok and phone in registry.participants and phone not in seen_phones:
            result.existing = registry.phone_owners[phone]
        email = row["email"].strip().lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(_("“%(email)s” is not a valid email address.") % {"email": email})
            else:
                if email in registry.taken_emails and registry.email_owners[email] == result.existing:
                    pass  # the same participant, named again
                elif email in registry.taken_emails:
                    errors.append(_("Someone already has an account with %(email)s.") % {"email": email})
                elif email in seen_emails:
                    errors.append(
                        _("%(email)s is also on row %(row)d of this file.")
                        % {"email": email, "row": seen_emails[email]}
                    )
                seen_emails.setdefault(email, result.number)
        if row["phone"]:
            try:
                phone = normalize_phone(row["phone"])
            except ValidationError:
                errors.append(_("“%(phone)s” is not a valid mobile number.") % {"phone": row["phone"]})
            else:
                if result.existing is not None:
                    pass  # someone already in the program: updated or skipped, not enrolled twice
                elif phone in registry.taken_phones:
                    errors.append(
                        _("Someone already has an account with the number %(phone)s.") % {"phone": phone}
                    )
                elif phone in seen_phones:
                    errors.append(
                        _("The number %(phone)s is also on row %(row)d of this file.")
                        % {"phone": phone, "row": seen_phones[phone]}
                    )
                seen_phones.setdefault(phone, result.number)
        province = registry.provinces.get(row["province"].lower()) if row["province"] else None
        if row["province"] and province is None:
            errors.append(_("Unknown province “%(name)s”.") % {"name": row["province"]})
        regency = registry.children.get((province, row["regency"].lower())) if province else None
        if province and row["regency"] and regency is None:
            errors.append(
                _("Unknown regency/city “%(name)s” in %(parent)s.")
                % {"name": row["regency"], "parent": row["province"]}
            )
        if regency and outside and regency not in registry.area:
            errors.append(outside % {"name": row["regency"], "area": scope.label})
        if regency and row["district"] and (regency, row["district"].lower()) not in registry.children:
            errors.append(
                _("Unknown district “%(name)s” in %(parent)s.")
                % {"name": row["district"], "parent": row["regency"]}
            )
        if row["sector"] and row["sector"].lower() not in registry.sectors:
            errors.append(_("Unknown sector “%(name)s”.") % {"name": row["sector"]})
        if row["cohort"]:
            cohort = registry.cohorts.get(row["cohort"].lower())
            if cohort is None:
                errors.append(_("Unknown cohort “%(name)s”.") % {"name": row["cohort"]})
            elif not cohort[1]:
                errors.append(_("The cohort “%(name)s” is closed.") % {"name": row["cohort"]})
            elif outside and cohort[2] not in registry.area:
                errors.append(outside % {"name": row["cohort"], "area": scope.label})
        if len(row["name"]) > NAME_MAX or len(row["business_name"]) > BUSINESS_NAME_MAX:
            errors.append(_("The name or business name is longer than 150 characters."))
        if row["tier"] and row["tier"].lower() not in registry.tiers:
            errors.append(
                _("Unknown group “%(name)s”: use Pemula, Berkembang or Maju (or leave it empty for Pemula).")
                % {"name": row["tier"]}
            )
        result.baseline = _check_baseline(row, errors)
        results.append(result)
    return results


# ---------------------------------------------------------------- the background job


def start_import(uploaded, *, by: User) -> BackgroundJob:
    """Check the upload's shape (``parse_upload``: ImportFileError with a clear message, nothing
    saved), store it privately and queue the job; the task starts after commit."""
    from workspace.tasks import run_import

    require_importer(by)
    rows = parse_upload(uploaded)
    uploaded.seek(0)
    scope = scope_for(by)
    with transaction.atomic():
        job = BackgroundJob(
            kind=BackgroundJob.Kind.IMPORT,
            created_by=by,
            area=None if scope.national else scope.region,
            filename=(uploaded.name or "")[:100],
            total=len(rows),
        )
        job.file.save(job.filename or "import.csv", uploaded, save=False)
        job.save()
        transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


def require_importer(by: User) -> None:
    if not roles.is_manager(by) or scope_for(by).empty:
        raise NotAllowed(_("Only a program manager can import participants."))


class _Places:
    """The regions, cohorts and sectors the checked rows name, read once per job."""

    def __init__(self):
        self.regions = Region.objects.in_bulk()
        self.registry = _Registry([])
        self.cohorts = {cohort.name.lower(): cohort for cohort in Cohort.objects.all()}

    def fields(self, row: dict[str, str]) -> dict[str, Any]:
        province = self.regions[self.registry.provinces[row["province"].lower()]]
        regency = self.regions[self.registry.children[(province.pk, row["regency"].lower())]]
        district_id = (
            self.registry.children.get((regency.pk, row["district"].lower())) if row["district"] else None
        )
        return {
            "cohort": self.cohorts[row["cohort"].lower()],
            "province": province,
            "regency": regency,
            "district": self.regions[district_id] if district_id else None,
            "business_name": row["business_name"],
            "sector": self.registry.sectors[row["sector"].lower()],
        }


def run_import(job_id: int) -> BackgroundJob | None:
    """The task's work: import a queued job's rows in chunks, writing progress with each chunk.

    Claims the job (``claim_job``: a job enqueued twice runs once). A file that cannot be read any
    more fails the job with the reason; an unexpected error fails it too (and is raised for the
    worker's log). Rows already imported stay imported.
    """
    job = claim_job(job_id, BackgroundJob.Kind.IMPORT)
    if job is None:
        return None
    try:
        _import_job(job)
    except ImportFileError as exc:
        finish_job(job, BackgroundJob.Status.FAILED, failure=str(exc))
    except Exception:
        logger.exception("import job %s failed", job_id)
        finish_job(
            job, BackgroundJob.Status.FAILED, failure=_("The import stopped because of an internal error.")
        )
        raise
    else:
        finish_job(job, BackgroundJob.Status.DONE)
    return job


def _import_job(job: BackgroundJob) -> None:
    by = job.created_by
    if by is None:
        raise ImportFileError(_("The person who started this import no longer has an account."))
    with translation.override(job_language(by)):
        try:
            with job.file.open("rb") as stored:
                rows = read_table(job.filename, stored.read(MAX_FILE_BYTES + 1))
        except (OSError, ValueError):
            raise ImportFileError(
                _("The uploaded file can no longer be read; please upload it again.")
            ) from None
        results = check_rows(rows, scope=scope_for(by), existing_ok=True)
        job.total = len(results)
        BackgroundJob.objects.filter(pk=job.pk).update(total=job.total)
        places = _Places()
        with roles.groups_read_once():  # the Entrepreneur group, read once for the whole file
            for start in range(0, len(results), CHUNK):
                _import_chunk(job, results[start : start + CHUNK], by=by, places=places)


@transaction.atomic
def _import_chunk(job: BackgroundJob, chunk: list[RowResult], *, by: User, places: _Places) -> None:
    """One transaction for ``chunk``; each row in its own savepoint, through the services."""
    from incubator.services import enrol_registry_participant, update_business_profile

    profiles = {
        profile.user_id: profile
        for profile in EntrepreneurProfile.objects.filter(
            user_id__in=[r.existing for r in chunk if r.existing and not r.errors]
        )
    }
    counts = {"created": 0, "updated": 0, "skipped": 0}
    for result in chunk:
        if result.errors:
            job.errors.extend([result.number, message] for message in result.errors)
            counts["skipped"] += 1
            continue
        row = result.data
        fields = places.fields(row)
        try:
            with transaction.atomic():
                if result.existing is not None:
                    profile = profiles[result.existing]
                    changed = {
                        name: value
                        for name, value in fields.items()
                        if getattr(profile, name) != value and (name != "cohort" or value is not None)
                    }
                    if changed:
                        update_business_profile(profile, by=by, **changed)
                        counts["updated"] += 1
                    else:
                        counts["skipped"] += 1
                    continue
                enrol_registry_participant(
                    email=row["email"].strip().lower(),
                    full_name=row["name"],
                    phone=normalize_phone(row["phone"]),
                    consent_version=REGISTRY_CONSENT_VERSION,
                    by=by,
                    tier=places.registry.tiers[row["tier"].lower()] if row["tier"] else Tier.BEGINNER,
                    baseline=result.baseline,
                    **fields,
                )
                counts["created"] += 1
        except (DomainError, IntegrityError, ValidationError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            if isinstance(exc, IntegrityError):
                message = _("Someone registered this number or email at the same moment; try again.")
            job.errors.append([result.number, message])
            counts["skipped"] += 1
    job.processed += len(chunk)
    job.created += counts["created"]
    job.updated += counts["updated"]
    job.skipped += counts["skipped"]
    BackgroundJob.objects.filter(pk=job.pk).update(
        processed=job.processed,
        created=job.created,
        updated=job.updated,
        skipped=job.skipped,
        errors=job.errors,
        updated_at=timezone.now(),
    )


# ---------------------------------------------------------------- the downloadable template

EXAMPLE_ROW = {
    "name": "Siti Aminah",
    "phone": "0812 3456 7890",
    "email": "",
    "province": "Jawa Barat",
    "regency": "Kota Bandung",
    "district": "Coblong",
    "business_name": "Warung Siti",
    "sector": "makanan",
    "cohort": "ProKUS 2026 — Kota Bandung",
    "tier": "berkembang",
    "baseline_revenue": "3.500.000",
    "baseline_costs": "2.000.000",
    "baseline_workers": "1",
    "baseline_permits": "NIB",
    "baseline_assets": "5.000.000",
}


def template_explanation() -> list[tuple[str, str]]:
    """Each column of the template with what it takes, in Indonesian (the registry staff's language)."""
    with translation.override("id"):
        notes = {
            "name": _("Required. The person's full name."),
            "phone": _(
                "Required. An Indonesian mobile number (08… or +62…); the person signs in with a code sent to it."
            ),
            "email": _("Optional. Leave empty when the person has no email address."),
            "province": _("Required. As written in Tumbuh's list of regions."),
            "regency": _("Required. The regency or city, inside your area."),
            "district": _("Optional. The district (kecamatan)."),
            "business_name": _("Required. The name of the business."),
            "sector": _(
                "Required. For example: makanan, kerajinan, dagang, jasa, pertanian, peternakan, lainnya."
            ),
            "cohort": _("Required. The name of an open cohort of your area."),
            "tier": _("Optional. Pemula, Berkembang or Maju; empty means Pemula."),
            "baseline_revenue": _(
                "Optional baseline: monthly revenue in whole rupiah (needed with any baseline figure)."
            ),
            "baseline_costs": _(
                "Optional baseline: monthly costs in whole rupiah (needed with any baseline figure)."
            ),
            "baseline_workers": _("Optional baseline: the number of workers."),
            "baseline_permits": _("Optional baseline: the permits held (for example NIB)."),
            "baseline_assets": _("Optional baseline: business assets in whole rupiah."),
        }
        return [(TEMPLATE_HEADINGS[column], str(notes[column])) for column in COLUMNS]


def template_csv() -> bytes:
    """The headings and one example row, UTF-8 with a BOM so that Excel reads it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([TEMPLATE_HEADINGS[column] for column in COLUMNS])
    writer.writerow([EXAMPLE_ROW[column] for column in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode()


def template_xlsx() -> bytes:
    """The headings and one example row on the first sheet; the explanation on a second sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Peserta"
    sheet.append([TEMPLATE_HEADINGS[column] for column in COLUMNS])
    sheet.append([EXAMPLE_ROW[column] for column in COLUMNS])
    for cell in sheet["B"]:
        cell.number_format = "@"  # a phone stays text: no lost leading zero
    help_sheet = workbook.create_sheet("Petunjuk")
    with translation.override("id"):
        help_sheet.append([_("Column"), _("What to enter")])
    for heading, note in template_explanation():
        help_sheet.append([heading, note])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
