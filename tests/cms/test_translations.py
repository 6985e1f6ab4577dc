from __future__ import annotations

import pytest
from django.utils import translation

from cms.admin_strings import ADMIN_STRINGS

pytestmark = pytest.mark.django_db


def test_wagtail_admin_strings_have_indonesian_translations():
    with translation.override("id"):
        translated = [msgid for msgid in ADMIN_STRINGS if translation.gettext(msgid) != msgid]
    assert len(ADMIN_STRINGS) >= 100
    # A few are the same word in both languages (Format, Status: …).
    assert len(translated) >= len(ADMIN_STRINGS) - 10
    with translation.override("id"):
        assert translation.gettext("Reports") == "Laporan"
        assert translation.gettext("Save changes") == "Simpan perubahan"
        assert translation.gettext("Pages") == "Halaman"  # Wagtail's own translation still applies


def test_admin_menu_is_indonesian_for_a_manager(client_for, manager_user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(manager_user)
    profile.preferred_language = "id"
    profile.save()
    html = client_for(manager_user).get("/cms/").content.decode()
    assert "Bantuan" in html  # the Help menu
    assert '"Help"' not in html


def test_learning_page_strings_are_indonesian(client_for, entrepreneur_user):
    from tests.factories import cms as factories

    lesson = factories.lesson(factories.course())
    html = client_for(entrepreneur_user).get(lesson.url).content.decode()
    assert "Periksa jawaban saya" in html
    assert "Check my answers" not in html
