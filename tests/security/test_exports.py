"""CSV formula injection (security report case 50): every CSV export neutralises formula cells.

Text typed by anyone (a business name, a village, a full name, a referral) that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return must reach the spreadsheet as text (``'`` in front),
never as a formula. The exports are discovered from the URL resolver, so a new one cannot be
forgotten: it fails ``test_every_project_export_is_covered`` until it is added to ``EXPORTS``.
"""

from __future__ import annotations

import csv
import decimal
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log

from accounts.models import User
from complaints import services as complaint_services
from complaints.models import Category, Complaint, Status
from core.csvsafe import BOM, SafeSpreadsheetExportMixin, SafeWriter, neutralise
from incubator.models import Assistance, Cohort, EntrepreneurProfile, Region
from mentoring.models import ContentAccessLog
from tests.factories import cms as cms_factories
from tests.factories.workspace import build_areas

PAYLOADS = [
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)",
    "-1+1",
    "@SUM(1)",
    "\t=1",
    "\r=1",
]
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

# Every CSV export of the project (URL name, query string).
EXPORTS = [
    ("workspace_entrepreneurs:index", {}),
    ("workspace_milestones:index", {}),
    ("workspace_assistance:index", {}),
    ("workspace_report:index", {}),
    ("mentoring_admin:conversations", {}),
    ("mentoring_admin:workload", {}),
    ("mentoring_admin:access_log", {}),
    ("learning_admin:completion", {}),
    ("complaints_admin:index", {"status": Status.REFERRED}),
    ("complaints_admin:export", {"status": Status.REFERRED}),
    ("workspace_promotions:index", {}),
    # Wagtail's own report, protected by core.csvsafe.protect_wagtail_exports
    ("wagtailadmin_reports:site_history", {}),
]
PROJECT_APPS = ("accounts", "cms", "complaints", "config", "incubator", "mentoring")


def _patterns(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern.callback


def export_views() -> dict[str, type]:
    """URL name → view class, for every route whose view exports a list (``list_export``)."""
    found = {}
    for name, callback in _patterns(get_resolver().url_patterns):
        view_class = getattr(callback, "view_class", None)
        if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
            continue
        initkwargs = getattr(callback, "view_initkwargs", {})
        if initkwargs.get("list_export", view_class.list_export):
            found[name] = view_class
    return found


def cells(response) -> list[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8")
    assert text.startswith(BOM), "no UTF-8 byte-order mark: Excel would misread the accents"
    rows = list(csv.reader(io.StringIO(text[len(BOM) :], newline="")))
    return [cell for row in rows for cell in row]


@pytest.fixture
def world(db):
    """Three areas whose every free-text field holds one of the payloads, as a user could type it."""
    areas = build_areas()
    payloads = iter(PAYLOADS * 10)
    for area in areas.all():
        texts = (f"{payload} {area.key}" for payload in payloads)  # cohort names are unique
        EntrepreneurProfile.objects.filter(pk=area.profile.pk).update(
            business_name=next(texts), village=next(texts), pkh_reference=next(texts)
        )
        User.objects.filter(pk=area.profile.user_id).update(full_name=next(texts))
        User.objects.filter(pk=area.companion.pk).update(full_name=next(texts))
        Cohort.objects.filter(pk=area.cohort.pk).update(name=next(texts))
        Assistance.objects.filter(pk=area.assistance.pk).update(plan_item=next(texts))
        area.profile.refresh_from_db()
        area.profile.user.refresh_from_db()
    Region.objects.filter(pk=areas.alfa.regency.pk).update(name=PAYLOADS[0])
    national = areas.national
    for area in areas.all():
        ContentAccessLog.objects.create(viewer=area.companion, conversation=area.conversation)
        log(instance=area.profile, action="wagtail.edit", user=national)
    cms_factories.course(cms_factories.learning_index(), title=PAYLOADS[1])
    complaint = complaint_services.raise_complaint(
        by=areas.alfa.profile.user, category=Category.ASSISTANCE, description="Etalase belum datang."
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        status=Status.REFERRED, referred_to=PAYLOADS[4], handler=areas.alfa.companion
    )
    for codename in ("view_contentaccesslog", "view_lessoncompletion"):
        national.user_permissions.add(Permission.objects.get(codename=codename))
    national.is_superuser = True  # Wagtail's site history and every report, whatever the groups
    national.save()
    return areas


@pytest.mark.parametrize(("url_name", "params"), EXPORTS, ids=[name for name, _ in EXPORTS])
def test_csv_export_has_no_formula_cell(client, world, url_name, params):
    client.force_login(world.national)
    response = client.get(reverse(url_name), {**params, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    values = cells(response)
    formulas = [v for v in values if FORMULA_START.match(v) and not NUMBER.match(v)]
    assert formulas == []
    # The payloads are there, as text: the export was really exercised.
    assert any(v.startswith("'") and FORMULA_START.match(v[1:]) for v in values), values


def test_every_project_export_is_covered():
    tested = {name for name, _ in EXPORTS}
    project = {
        name
        for name, view_class in export_views().items()
        if view_class.__module__.split(".")[0] in PROJECT_APPS and not name.endswith("results")
    }
    assert project - tested == set()


def test_every_export_view_writes_safe_csv():
    """Ours through the mixin, Wagtail's through ``protect_wagtail_exports`` (run by config.urls)."""
    views = export_views()
    assert len(views) >= len(EXPORTS)
    for name, view_class in views.items():
        for method in ("write_csv_row", "stream_csv", "write_csv_response"):
            assert getattr(view_class, method) is SafeSpreadsheetExportMixin.__dict__[method], (name, method)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_text_gets_a_quote(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize(
    "value", [-5, 0, 12, -1.5, decimal.Decimal("-1500000"), None, "Warung Sri", "Rp 1.500.000", "", "a=b"]
)
def test_numbers_and_plain_text_are_unchanged(value):
    assert neutralise(value) == value


def test_negative_number_stays_a_number_in_a_wagtail_export():
    class View(SafeSpreadsheetExportMixin, SpreadsheetExportMixin):
        list_export = ["amount", "note"]

    view = View()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["amount", "note"])
    view.write_csv_row(writer, {"amount": -1500, "note": "-1500"})
    assert out.getvalue().strip() == "-1500,'-1500"


def test_safe_writer_neutralises_hand_written_rows():
    out = io.StringIO()
    SafeWriter(out).writerows([["=1+1", -3, "ok"], ["@x", "+62812", 4.5]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=1+1", "-3", "ok"], ["'@x", "'+62812", "4.5"]]
