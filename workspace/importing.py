"""Import participants from a registry export (CSV or XLSX): parse, check every row, then import all.

Two steps, so that a manager sees what will happen before anything is written:

1. ``parse_upload`` reads the file (size and row limits first) into plain row dicts and
   ``check_rows`` returns the row-level errors. Nothing is written. The parsed rows are kept on the
   server (the session, under a random token); the browser only ever sends the token back.
2. ``import_rows`` checks the stored rows again against the database as it is now and imports them
   all in ONE transaction: any error, and nothing is imported.

Consent: a registry export carries no personal consent of the people in it. Enrolment still needs a
consent record (UU PDP), so the importing manager records it on the person's behalf, as a companion
does when helping someone register (``captured_by`` = the manager). The record is marked with the
policy version ``<current>+registry`` so that it is never mistaken for consent the person gave
themself: it differs from the current policy version, and a "consent for the current version"
check asks the person to confirm personally at their first sign-in. No email or message is sent
by the import; the accounts have unverified email addresses and no usable password.
"""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import NAME_MAX, User
from accounts.phone import normalize_phone
from accounts.services import CONSENT_POLICY_VERSION
from core.text import strip_bidi
from incubator.errors import IncubatorError
from incubator.models import NAME_MAX as BUSINESS_NAME_MAX
from incubator.models import Cohort, Region, Sector
from incubator.scope import Scope, scope_for

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
REGISTRY_CONSENT_VERSION = f"{CONSENT_POLICY_VERSION}+registry"

COLUMNS = ["name", "phone", "email", "province", "regency", "district", "business_name", "sector", "cohort"]
REQUIRED = ["name", "phone", "email", "province", "regency", "business_name", "sector", "cohort"]
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
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (too big, wrong type, missing columns)."""


@dataclass
class RowResult:
    number: int  # the row number as the spreadsheet shows it (heading = 1)
    data: dict[str, str]
    errors: list[str] = field(default_factory=list)


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
    name = (uploaded.name or "").lower()
    data = uploaded.read(MAX_FILE_BYTES + 1)
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
        emails = {row["email"].strip().lower() for row in rows if row["email"]}
        self.taken_emails = set(
            User.objects.annotate(low=Lower("email")).filter(low__in=emails).values_list("low", flat=True)
        )
        phones = set()
        for row in rows:
            with contextlib.suppress(ValidationError):
                phones.add(normalize_phone(row["phone"]))
        self.taken_phones = set(User.objects.filter(phone__in=phones).values_list("phone", flat=True))


def check_rows(rows: list[dict[str, str]], *, scope: Scope | None = None) -> list[RowResult]:
    """Every row with its errors (an empty list when it can be imported). Writes nothing.

    With a regional manager's ``scope``, a row whose regency/city or cohort lies outside the area
    is refused with a message saying so.
    """
    registry = _Registry(rows, scope)
    outside = None
    if registry.area is not None:
        outside = _("%(name)s is outside your area (%(area)s).")
    results = []
    seen_emails: dict[str, int] = {}
    seen_phones: dict[str, int] = {}
    for index, row in enumerate(rows):
        result = RowResult(number=index + 2, data=dict(row))
        errors = result.errors
        for column in REQUIRED:
            if not row[column]:
                errors.append(_("%(column)s is missing.") % {"column": column.replace("_", " ").capitalize()})
        email = row["email"].strip().lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(_("“%(email)s” is not a valid email address.") % {"email": email})
            else:
                if email in registry.taken_emails:
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
                if phone in registry.taken_phones:
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
        results.append(result)
    return results


class ImportRefused(Exception):
    """Some rows have errors: nothing was imported. ``results`` says which and why."""

    def __init__(self, results: list[RowResult]):
        super().__init__("rows with errors")
        self.results = results


@transaction.atomic
def import_rows(rows: list[dict[str, str]], *, by: User) -> int:
    """Import every row (a user, their registration and enrolment at Beginner) or none.

    The rows are checked again first: the database may have changed since the preview. Any error,
    from the checks or from a service, rolls everything back. Returns the number imported.
    """
    from incubator.services import enrol_registry_participant

    results = check_rows(rows, scope=scope_for(by))
    if any(result.errors for result in results):
        raise ImportRefused(results)
    regions = Region.objects.in_bulk()
    registry = _Registry([])
    cohorts = {cohort.name.lower(): cohort for cohort in Cohort.objects.all()}
    for result in results:
        row = result.data
        email = row["email"].strip().lower()
        province = regions[registry.provinces[row["province"].lower()]]
        regency = regions[registry.children[(province.pk, row["regency"].lower())]]
        district_id = (
            registry.children.get((regency.pk, row["district"].lower())) if row["district"] else None
        )
        try:
            enrol_registry_participant(
                email=email,
                full_name=row["name"],
                phone=normalize_phone(row["phone"]),
                consent_version=REGISTRY_CONSENT_VERSION,
                by=by,
                cohort=cohorts[row["cohort"].lower()],
                province=province,
                regency=regency,
                district=regions[district_id] if district_id else None,
                business_name=row["business_name"],
                sector=registry.sectors[row["sector"].lower()],
            )
        except IncubatorError as exc:
            result.errors.append(str(exc))
            raise ImportRefused(results) from exc
    return len(results)
