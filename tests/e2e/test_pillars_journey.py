"""Journey (issue 19): a manager plans a bimtek for a TKSK, covering a pillar course, marks the TKSK
present and issues the completion; the TKSK sees the training, completes their course, logs a
community session with two registered families and 12 other people; the manager's board counts it,
the cascade shows the course finished, and the manager marks the session verified."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from cms.models import Audience
from pillars.models import BimtekParticipant, CommunitySession, Indicator
from tests.e2e.conftest import DESKTOP, journey, session_cookie
from tests.factories import ManagerUserFactory
from tests.factories import cms as cms_factories
from tests.incubator.factories import (
    EntrepreneurProfileFactory,
    ProvinceFactory,
    RegencyFactory,
    SocialCompanionProfileFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _row(page, label: str):
    return page.locator("table.listing tbody tr", has_text=label)


def test_a_manager_trains_a_tksk_who_logs_a_session_and_the_board_counts_it(e2e_server):
    province = ProvinceFactory()
    regency = RegencyFactory(parent=province, name="Kota Cimahi")
    tksk = SocialCompanionProfileFactory(user__full_name="Siti Rahayu")
    tksk.regions.add(regency)
    families = [
        EntrepreneurProfileFactory(province=province, regency=regency, business_name=name)
        for name in ("Keripik Bu Ani", "Warung Bu Euis")
    ]
    manager = ManagerUserFactory(area=regency)
    course = cms_factories.course(title="Mendampingi usaha KPM", audience=Audience.PILLARS)
    lesson = cms_factories.lesson(course, quiz=False)
    # A one-day bimtek today (completion is issued from its last day on); everything in this year.
    today = timezone.localdate()
    starts = ends = today
    url = e2e_server["url"]
    cookies = {"manager": session_cookie(manager, url), "tksk": session_cookie(tksk.user, url)}
    with translation.override("id"):
        sessions_label = str(Indicator.SESSIONS_HELD.label)
        reached_label = str(Indicator.PEOPLE_REACHED.label)
        trained_label = str(Indicator.PILLARS_TRAINED.label)
    board = f"{reverse('pillars_admin:board')}?year={today.year}&region={regency.pk}"
    lesson_url = lesson.url  # read before the browser runs (no database access in its event loop)

    with journey(e2e_server, "pillars") as j:
        admin = j.page(viewport=DESKTOP, cookies=[cookies["manager"]])
        admin.goto(board)
        expect(_row(admin, sessions_label).locator("td").nth(2)).to_have_text("0")
        expect(_row(admin, trained_label).locator("td").nth(2)).to_have_text("0")

        admin.goto(reverse("pillars_admin:bimtek"))
        admin.locator("#id_title").fill("Bimtek pendampingan usaha KPM")
        admin.locator("#id_starts_on").fill(starts.isoformat())
        admin.locator("#id_ends_on").fill(ends.isoformat())
        admin.locator("#id_place").fill("Aula Dinas Sosial")
        admin.locator("#id_region").select_option(value=str(regency.pk))
        admin.locator("#id_courses").select_option(value=str(course.pk))
        admin.locator("#id_capacity").fill("20")
        admin.locator("form:has(#id_title) [type=submit]").click()
        admin.wait_for_url("**/pillars/bimtek/*/")
        expect(admin.locator("main")).to_contain_text("Mendampingi usaha KPM")

        admin.locator(f"input[name=user][value='{tksk.user.pk}']").check()
        admin.locator("form:has(input[name=action][value=invite]) [type=submit]").click()
        admin.locator(f"input[name=present][value='{tksk.user.pk}']").check()
        admin.locator("form:has(input[name=action][value=attendance]) [type=submit]").click()
        expect(admin.locator(f"input[name=present][value='{tksk.user.pk}']")).to_be_disabled()
        admin.locator("form:has(input[name=action][value=complete]) [type=submit]").click()
        expect(admin.locator("form:has(input[name=action][value=complete])")).to_have_count(0)

        phone = j.page(cookies=[cookies["tksk"]])
        phone.goto(reverse("pillars:training"))
        expect(phone.locator("main")).to_contain_text("Bimtek pendampingan usaha KPM")
        expect(phone.locator("main")).to_contain_text("Mendampingi usaha KPM")  # their pillar course
        with translation.override("id"):
            one_of_one = translation.gettext("%(done)s of %(total)s lessons done") % {"done": 1, "total": 1}
        phone.goto(lesson_url)
        phone.locator(
            f"form[action='{reverse('cms:complete_lesson', args=[lesson.pk])}'] [type=submit]"
        ).click()
        phone.goto(reverse("pillars:training"))
        expect(phone.locator("main")).to_contain_text(one_of_one)

        phone.goto(reverse("pillars:log_session"))
        phone.locator("#id_date").fill(today.isoformat())
        phone.locator("#id_region").select_option(value=str(regency.pk))
        phone.locator("#id_village").fill("Cibabat")
        phone.locator("#id_topic").fill("Membaca angka bulanan")
        phone.locator("#id_duration_minutes").fill("90")
        for family in families:
            phone.locator(f"input[name=participants][value='{family.pk}']").check()
        phone.locator("#id_women").fill("6")
        phone.locator("#id_men").fill("3")
        phone.locator("#id_girls").fill("2")
        phone.locator("#id_older_women").fill("1")
        phone.locator("form:has(#id_topic) [type=submit]").click()
        phone.wait_for_url("**/pillar/sessions/")
        expect(phone.locator("main")).to_contain_text("Membaca angka bulanan")

        admin.goto(board)
        expect(_row(admin, trained_label).locator("td").nth(2)).to_have_text("1")
        expect(_row(admin, sessions_label).locator("td").nth(2)).to_have_text("1")
        expect(_row(admin, reached_label).locator("td").nth(2)).to_have_text("14")  # 2 families + 12 others

        admin.goto(f"{reverse('pillars_admin:cascade')}?year={today.year}")
        course_row = _row(admin, "Mendampingi usaha KPM")
        expect(course_row.locator("td").nth(3)).to_have_text("1")  # the TKSK finished the course

        admin.goto(reverse("pillars_admin:sessions"))
        verify = "form[action$='/verify/']"  # the one session, not yet verified
        admin.locator(f"{verify} [type=submit]").click()
        expect(admin.locator(verify)).to_have_count(0)

    assert BimtekParticipant.objects.get(user=tksk.user).completed_at is not None
    session = CommunitySession.objects.get()
    assert (session.participants.count(), session.others) == (2, 12)
    assert session.verified_by == manager
