"""Milestone pages say what happened: withdrawn evidence is "Ditarik" and asks first; the review page
shows what the milestone requires (issue 15, E8, C4)."""

from __future__ import annotations

from django.urls import reverse

from incubator import services
from incubator.models import Milestone


def _submitted(world) -> Milestone:
    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos=0).first()
    return services.submit_evidence(
        milestone, by=world.entrepreneur, text="Sudah saya kerjakan", expected_version=0
    )


def test_withdrawn_evidence_is_marked_withdrawn_and_the_form_asks_first(world, client_for):
    milestone = _submitted(world)
    client = client_for(world.entrepreneur)
    html = client.get(reverse("incubator:milestone_detail", args=[milestone.pk])).content.decode()
    assert 'data-confirm="Tarik kembali bukti ini?' in html
    services.withdraw_evidence(milestone, by=world.entrepreneur, expected_version=1)
    html = client.get(reverse("incubator:milestone_detail", args=[milestone.pk])).content.decode()
    assert ">Ditarik</span>" in html


def test_a_milestone_never_sent_is_not_started(world, client_for):
    milestone = Milestone.objects.filter(profile=world.profile, version=0).first()
    html = (
        client_for(world.entrepreneur)
        .get(reverse("incubator:milestone_detail", args=[milestone.pk]))
        .content.decode()
    )
    assert ">Belum dimulai</span>" in html and ">Ditarik</span>" not in html


def test_the_review_page_shows_what_the_milestone_requires(world, client_for):
    milestone = _submitted(world)
    milestone.template.description = "Hitung HPP untuk tiga produk utama."
    milestone.template.save(update_fields=["description"])
    html = (
        client_for(world.mentor)
        .get(reverse("incubator:review_milestone", args=[milestone.pk]))
        .content.decode()
    )
    assert "Yang harus dilakukan" in html and "Hitung HPP untuk tiga produk utama." in html


def test_monthly_figures_waiting_for_verification_count_as_waiting(world, client_for):
    from tests.incubator.factories import MonthlyReportFactory

    MonthlyReportFactory(profile=world.profile, verified_at=None)
    response = client_for(world.mentor).get(reverse("incubator:mentor_home"))
    row = next(p for p in response.context["mentees"] if p.pk == world.profile.pk)
    assert row.waiting + row.reports_waiting == 1
    assert '<span class="pill warn">1</span>' in response.content.decode()


def test_after_withdrawing_the_form_says_what_becomes_of_the_photos_shown(world, client_for):
    # E8, §8.13: the withdrawn evidence's photos stayed above an empty file field, keep or replace unclear.
    from tests.incubator.photos import phone_jpeg

    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos__gt=0).first()
    client = client_for(world.entrepreneur)
    url = reverse("incubator:milestone_detail", args=[milestone.pk])
    said = "Tanpa memilih foto, foto di atas tetap dipakai; foto baru menggantikannya."
    assert said not in client.get(url).content.decode()  # nothing sent yet, no photo to keep

    services.submit_evidence(
        milestone,
        by=world.entrepreneur,
        text="Foto etalase",
        amount=15_000,
        photos=[phone_jpeg()],
        expected_version=0,
    )
    services.withdraw_evidence(milestone, by=world.entrepreneur, expected_version=1)
    html = client.get(url).content.decode()
    assert ">Ditarik</span>" in html and "Foto bukti 1" in html and said in html
