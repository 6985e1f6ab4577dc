"""Demo content: the public home page in Bahasa Indonesia with its English translation."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.models import HomePage

HOME = {
    "id": {
        "title": "Tumbuh — Program Kewirausahaan Sosial",
        "intro": (
            "Tumbuh mendampingi keluarga graduasi PKH membangun usaha yang mandiri: bantuan modal usaha "
            "(BSiMU), pendampingan usaha, dan pendampingan sosial, sederhana, terarah dan terukur."
        ),
        "tiers": [
            (
                "Pemula",
                "Nursing Capital",
                "Bantuan modal usaha dan bimbingan usaha untuk memulai dengan rapi.",
            ),
            (
                "Berkembang",
                "Mentoring Model",
                "Bantuan modal usaha dan mentoring usaha untuk tumbuh lebih jauh.",
            ),
            (
                "Maju",
                "Capital Incubation",
                "Bantuan modal usaha dan inkubasi bisnis menuju usaha yang mandiri.",
            ),
        ],
        "how": "Cara kerjanya",
        "how_text": (
            "<p>Setiap tingkat punya beberapa capaian usaha yang jelas, seperti pembukuan sederhana, NIB, "
            "dan harga jual dengan HPP. Pendamping usaha memeriksa bukti Anda, lalu pengelola program "
            "menyetujui kenaikan tingkat. Anda lulus (mandiri) ketika penghasilan usaha mencapai UMK daerah.</p>"
        ),
    },
    "en": {
        "title": "Tumbuh — Social Entrepreneurship Program",
        "intro": (
            "Tumbuh accompanies families graduating from PKH as they build independent businesses: "
            "business-capital assistance (BSiMU), business mentoring and social accompaniment — simple, "
            "directed and measurable."
        ),
        "tiers": [
            (
                "Beginner",
                "Nursing Capital",
                "Business-capital assistance and business guidance to start well.",
            ),
            ("Developing", "Mentoring Model", "Business-capital assistance and business mentoring to grow."),
            (
                "Advanced",
                "Capital Incubation",
                "Business-capital assistance and incubation toward independence.",
            ),
        ],
        "how": "How it works",
        "how_text": (
            "<p>Each tier has a few clear business milestones, such as simple bookkeeping, an NIB and prices "
            "based on cost of goods. Your mentor checks your evidence, then a program manager approves your "
            "promotion. You graduate when your business income reaches the local minimum wage (UMK).</p>"
        ),
    },
}


def _fill(page: HomePage, content: dict[str, Any]) -> None:
    page.title = content["title"]
    page.draft_title = content["title"]
    page.intro = content["intro"]
    page.body = [
        ("tiers", [{"title": t, "subtitle": s, "text": x} for t, s, x in content["tiers"]]),
        ("heading", content["how"]),
        ("paragraph", content["how_text"]),
    ]
    page.save_revision().publish()


@transaction.atomic
def seed_home() -> HomePage:
    root = Page.get_first_root_node()
    id_locale, _ = Locale.objects.get_or_create(language_code="id")
    Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.filter(locale=id_locale).first()
    if home is None:
        home = HomePage(slug="home", locale=id_locale, title="Tumbuh")
        root.add_child(instance=home)
    if home.title != HOME["id"]["title"]:  # fill once; later edits in the CMS are kept
        _fill(home, HOME["id"])
    en_locale = Locale.objects.get(language_code="en")
    english = home.get_translation_or_none(en_locale)
    if english is None:
        english = home.copy_for_translation(en_locale)
        _fill(english.specific, HOME["en"])
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Tumbuh"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def seed(*, people: dict, stdout) -> None:
    seed_home()
    stdout.write("  public home page (id, en)")
