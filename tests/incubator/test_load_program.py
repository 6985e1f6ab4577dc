"""``manage.py load_program``: regions, UMK thresholds and milestone paths from incubator/data/."""

from __future__ import annotations

import io
import shutil

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from incubator.models import IncomeThreshold, MilestoneTemplate, Region, Tier
from incubator.program_data import DATA_DIR
from tests.incubator.factories import MilestoneTemplateFactory

pytestmark = pytest.mark.django_db


def _load(data_dir=DATA_DIR) -> str:
    out = io.StringIO()
    call_command("load_program", data_dir=data_dir, stdout=out)
    return out.getvalue().strip()


def _counts() -> tuple[int, int, int]:
    return Region.objects.count(), IncomeThreshold.objects.count(), MilestoneTemplate.objects.count()


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the real files to edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path, change) -> None:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_loads_with_debug_off_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = False
    first = _load()
    assert first == (
        "Program loaded: regions 27 created, 0 updated, 0 unchanged; thresholds 7 created, 0 updated, "
        "0 unchanged; milestone steps 21 created, 0 updated, 0 unchanged; intake aspects 6 created, 0 updated, "
        "0 unchanged."
    )
    counts = _counts()
    stamps = list(MilestoneTemplate.objects.order_by("pk").values_list("updated_at", flat=True))

    second = _load()

    assert second == (
        "Program loaded: regions 0 created, 0 updated, 27 unchanged; thresholds 0 created, 0 updated, "
        "7 unchanged; milestone steps 0 created, 0 updated, 21 unchanged; intake aspects 0 created, 0 updated, "
        "6 unchanged."
    )
    assert _counts() == counts == (27, 7, 21)
    assert list(MilestoneTemplate.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_the_loaded_program_is_the_one_in_the_files():
    _load()
    bandung = Region.objects.get(code="3273")
    assert (bandung.name, bandung.level, bandung.parent.code) == ("Kota Bandung", "regency", "32")
    assert Region.objects.get(parent=bandung, name="Coblong").level == "district"
    assert IncomeThreshold.objects.get(regency=bandung).monthly_amount == 4_482_914
    beginner = list(MilestoneTemplate.objects.filter(tier=Tier.BEGINNER).order_by("order"))
    assert [t.code for t in beginner][:2] == ["pembukuan-sederhana", "pisah-uang-usaha"]
    assert beginner[-1].code == "belajar-pemula" and not beginner[-1].asks_text
    hpp = MilestoneTemplate.objects.get(code="harga-jual-hpp")
    assert hpp.asks_amount and hpp.amount_label == "HPP per satuan (Rp)" and hpp.title_en


def test_an_edited_file_updates_rows_in_place(data_dir):
    _load(data_dir)
    threshold = IncomeThreshold.objects.get(regency__code="3273")
    step = MilestoneTemplate.objects.get(code="nib-oss")

    def umk(content):
        content["thresholds"][0]["monthly_amount"] = 4_600_000

    def paths(content):
        content["beginner"][3]["title"]["en"] = "Get an NIB on OSS"
        content["beginner"][3]["photos"] = 2

    _edit(data_dir / "umk.yaml", umk)
    _edit(data_dir / "milestone_paths.yaml", paths)

    summary = _load(data_dir)

    assert "thresholds 0 created, 1 updated, 6 unchanged" in summary
    assert "milestone steps 0 created, 1 updated, 20 unchanged" in summary
    threshold.refresh_from_db()
    step.refresh_from_db()
    assert threshold.monthly_amount == 4_600_000
    assert (step.title_en, step.asks_photos) == ("Get an NIB on OSS", 2)
    assert _counts() == (27, 7, 21)


def test_reordering_steps_and_a_step_made_in_the_admin_keep_orders_unique(data_dir):
    _load(data_dir)
    # A manager added a step at the next free place of the beginner path.
    own = MilestoneTemplateFactory(code="buat-spanduk", tier=Tier.BEGINNER, order=8)

    def paths(content):
        beginner = content["beginner"]
        beginner[0], beginner[1] = beginner[1], beginner[0]
        beginner.append(
            {
                "code": "daftar-qris",
                "title": {"id": "Terima pembayaran QRIS", "en": "Accept QRIS payments"},
                "description": {"id": "Daftar QRIS di bank.", "en": "Sign up for QRIS at a bank."},
                "category": "Temu bisnis",
                "required": False,
                "photos": 1,
            }
        )

    _edit(data_dir / "milestone_paths.yaml", paths)
    _load(data_dir)

    beginner = list(MilestoneTemplate.objects.filter(tier=Tier.BEGINNER).order_by("order"))
    assert [t.code for t in beginner[:2]] == ["pisah-uang-usaha", "pembukuan-sederhana"]
    assert [t.code for t in beginner[-2:]] == ["daftar-qris", "buat-spanduk"]
    assert [t.order for t in beginner] == list(range(1, 10))
    own.refresh_from_db()
    assert own.order == 9  # moved out of the new step's way, not deleted


@pytest.mark.parametrize(
    ("filename", "change", "expected"),
    [
        (
            "milestone_paths.yaml",
            lambda c: c["beginner"][0].pop("category"),
            "milestone_paths.yaml: beginner[0].category: missing",
        ),
        (
            "milestone_paths.yaml",
            lambda c: c["developing"][1].update(photos="two"),
            "milestone_paths.yaml: developing[1].photos: must be a whole number",
        ),
        (
            "milestone_paths.yaml",
            lambda c: c.update(graduated=[]),
            "milestone_paths.yaml: graduated: unknown tier",
        ),
        (
            "milestone_paths.yaml",
            lambda c: c["advanced"][2].update(code="nib-oss"),
            "milestone_paths.yaml: advanced[2].code: duplicate milestone code 'nib-oss'",
        ),
        (
            "regions.yaml",
            lambda c: c["provinces"][0].update(code=32),
            'regions.yaml: provinces[0].code: must be text (quote it: "…")',
        ),
        (
            "umk.yaml",
            lambda c: c["thresholds"][1].update(regency="9999"),
            "umk.yaml: thresholds[1].regency: unknown regency code '9999'",
        ),
        (
            "umk.yaml",
            lambda c: c["thresholds"][0].update(effective_from="1 Januari 2026"),
            "umk.yaml: thresholds[0].effective_from: must be a date (YYYY-MM-DD)",
        ),
    ],
)
def test_a_bad_file_stops_with_one_line_naming_file_and_key_and_changes_nothing(
    data_dir, filename, change, expected
):
    _load(data_dir)
    before = _counts()

    def edits(content):  # a valid edit in another file, which must not land either
        content["thresholds"][2]["monthly_amount"] = 9_999_999

    _edit(data_dir / "umk.yaml", edits)
    _edit(data_dir / filename, change)

    with pytest.raises(CommandError) as error:
        _load(data_dir)

    message = str(error.value)
    assert expected in message and "\n" not in message
    assert message.startswith(str(data_dir))
    assert _counts() == before
    assert not IncomeThreshold.objects.filter(monthly_amount=9_999_999).exists()


def test_invalid_yaml_names_the_line(data_dir):
    (data_dir / "regions.yaml").write_text("provinces:\n  - name: [Jawa Barat\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"regions\.yaml: line \d+: not valid YAML"):
        _load(data_dir)

    assert _counts() == (0, 0, 0)
