import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core.money import format_rupiah
from incubator.charts import revenue_chart
from incubator.models import EntrepreneurProfile
from tests.incubator import photos


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1_500_000, "Rp 1.500.000"),
        (0, "Rp 0"),
        (-250_000, "-Rp 250.000"),
        (None, "–"),
        ("4482914", "Rp 4.482.914"),
    ],
)
def test_rupiah_format(value, shown):
    assert format_rupiah(value) == shown


def test_rupiah_filter_in_templates():
    html = Template("{% load rupiah %}{{ v|rupiah }}").render(Context({"v": 3_500_000}))
    assert html == "Rp 3.500.000"


def test_dates_in_indonesian():
    with translation.override("id"):
        html = Template('{{ d|date:"j F Y" }}').render(Context({"d": datetime.date(2026, 8, 17)}))
    assert html == "17 Agustus 2026"


def _report(month, revenue, costs):
    return SimpleNamespace(
        month=datetime.date(2026, month, 1), revenue=revenue, costs=costs, profit=revenue - costs
    )


def test_chart_needs_two_months_and_handles_losses():
    assert revenue_chart([_report(1, 100, 50)]) is None
    chart = revenue_chart([_report(2, 300, 400), _report(1, 100, 50), _report(3, 500, 100)])
    revenue = [tuple(map(float, p.split(","))) for p in chart.revenue_points.split()]
    assert [x for x, _ in revenue] == sorted(x for x, _ in revenue)  # oldest first
    assert revenue[2][1] < revenue[0][1]  # higher revenue is drawn higher (smaller y)
    assert chart.min_value == -100 and 0 < chart.zero_y < chart.height


def test_profile_update_and_business_photo(world, client_for):
    client = client_for(world.entrepreneur)
    page = client.get(reverse("incubator:profile")).content.decode()
    assert 'name="cohort"' not in page and 'name="consent"' not in page  # enrolled: no cohort, consent given
    data = {
        "business_name": "Keripik Bu Sri Renyah",
        "sector": "food",
        "province": world.province.pk,
        "regency": world.regency.pk,
        "district": world.district.pk,
        "business_photo": photos.phone_jpeg(),
    }
    assert client.post(reverse("incubator:profile"), data).status_code == 302
    profile = EntrepreneurProfile.objects.get(pk=world.profile.pk)
    assert profile.business_name == "Keripik Bu Sri Renyah" and profile.business_photo
    assert profile.tier == "beginner"


def test_profile_update_with_fake_photo_changes_nothing(world, client_for):
    data = {
        "business_name": "Nama Baru",
        "sector": "food",
        "province": world.province.pk,
        "regency": world.regency.pk,
        "business_photo": photos.fake_jpeg(),
    }
    response = client_for(world.entrepreneur).post(reverse("incubator:profile"), data)
    assert response.status_code == 400
    assert EntrepreneurProfile.objects.get(pk=world.profile.pk).business_name != "Nama Baru"


def test_chart_coordinates_are_not_localised(world, client_for):
    """In Indonesian 58.7 would print as "58,7": an SVG coordinate the browser cannot read."""
    from incubator import services

    for month, revenue in (("2026-01", 1_000_333), ("2026-02", 2_000_777), ("2026-03", 1_500_111)):
        services.record_monthly_report(
            world.profile, by=world.entrepreneur, month=month, revenue=revenue, costs=7
        )
    body = client_for(world.entrepreneur).get(reverse("incubator:reports")).content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    import re

    numbers = re.findall(r'\s(?:x|y|x1|x2|y1|y2)="([^"]+)"', svg)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers), numbers
