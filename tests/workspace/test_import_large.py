"""A registry file of 5,000 rows imports in the background: every row, in chunks whose queries do
not grow with the file (only the enrolment service's own per row), with the job's progress kept."""

from __future__ import annotations

import itertools
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from incubator.models import EntrepreneurProfile, Region, Tier
from tests.factories.workspace import build_program
from workspace import importing, tasks

pytestmark = pytest.mark.django_db

ROWS = 5000
HEADER = "nama,no hp,provinsi,kabupaten/kota,nama usaha,sektor,angkatan,kelompok,omzet bulanan,biaya bulanan"
PROGRESS = re.compile(r'UPDATE "workspace_backgroundjob" SET "processed" = ')


class QueryCounter:
    """Counts queries; remembers where each progress update came and the count it wrote."""

    def __init__(self):
        self.count = 0
        self.marks: list[int] = []
        self.progress: list[int] = []

    def __call__(self, execute, sql, params, many, context):
        if PROGRESS.search(sql):
            self.marks.append(self.count)
            self.progress.append(params[0])
        self.count += 1
        return execute(sql, params, many, context)


def registry_file(program, count: int, start: int = 0) -> SimpleUploadedFile:
    lines = [HEADER]
    for n in range(start, start + count):
        tier = ("pemula", "berkembang", "maju")[n % 3]
        lines.append(
            f"Peserta {n:05d},0857{n:08d},{program.province.name},{program.regency.name},Usaha {n:05d},"
            f"makanan,{program.cohort.name},{tier},{1_000_000 + n},{500_000 + n}"
        )
    return SimpleUploadedFile("registry.csv", "\n".join(lines).encode(), content_type="text/csv")


def service_queries_for_one_row(program) -> int:
    """What the enrolment service itself costs for one row (outside any job), in queries."""
    from incubator.services import enrol_registry_participant

    province = Region.objects.get(pk=program.province.pk)
    regency = Region.objects.get(pk=program.regency.pk)
    with CaptureQueriesContext(connection) as one:
        enrol_registry_participant(
            email="",
            full_name="Peserta Ukur",
            phone="+6281399999999",
            consent_version=importing.REGISTRY_CONSENT_VERSION,
            by=program.manager,
            cohort=program.cohort,
            province=province,
            regency=regency,
            district=None,
            business_name="Usaha Ukur",
            sector="food",
            tier=Tier.DEVELOPING,
            baseline={"revenue": 1_000_000, "costs": 500_000},
        )
    return len(one)


def test_five_thousand_rows_import_in_chunks_with_bounded_queries():
    program = build_program()
    per_row = service_queries_for_one_row(program)
    job = importing.start_import(registry_file(program, ROWS), by=program.manager)
    assert (job.status, job.total, job.processed) == ("queued", ROWS, 0)

    counter = QueryCounter()
    with connection.execute_wrapper(counter):  # every query (the debug log keeps only the last 9,000)
        tasks.run_import.call(job.pk)
    job.refresh_from_db()

    assert (job.status, job.total, job.processed) == ("done", ROWS, ROWS)
    assert (job.created, job.updated, job.skipped, job.errors) == (ROWS, 0, 0, [])
    assert job.started_at <= job.finished_at
    assert EntrepreneurProfile.objects.filter(cohort=program.cohort).count() == ROWS + 1
    assert User.objects.get(phone="+6285700004999").entrepreneur_profile.tier == Tier.DEVELOPING

    # Progress is written once per chunk, counting up to the whole file.
    assert counter.progress == list(range(importing.CHUNK, ROWS + 1, importing.CHUNK))
    marks = counter.marks
    # Each chunk: the service's own queries per row, a savepoint around each row, and a constant.
    first = marks[0] + 1  # the claim and the file's checks (a handful, whatever its size), chunk 1
    chunks = [after - before for before, after in itertools.pairwise(marks)]
    finish = counter.count - marks[-1] - 1
    bound = importing.CHUNK * (per_row + 2) + 10
    assert max(chunks) <= bound, (per_row, chunks)
    assert len(set(chunks)) == 1, chunks  # no chunk costs more than another: nothing grows
    assert first <= chunks[0] + 30 and finish <= 5, (first, chunks[0], finish)
