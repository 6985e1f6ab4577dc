"""The admin home is program-focused and branded Tumbuh (P8)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_admin_home_has_no_cms_counters_and_says_tumbuh(client_for, manager_user):
    html = client_for(manager_user).get("/cms/").content.decode()
    assert "w-summary" not in html  # Wagtail's "N pages / images / documents" block
    assert "<title>" in html and "- Tumbuh</title>" in html.replace("\n", "").replace("  ", "")
    assert "css/tumbuh-admin.css" in html
    assert "img/tumbuh.svg" in html
