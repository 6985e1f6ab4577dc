"""Finding P8: each program list is titled as the menu item that opens it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from workspace.viewsets import IncomeThresholdViewSet, ProgramViewSetGroup, WorkspaceModelViewSet

pytestmark = pytest.mark.django_db


def _heading(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "no page heading"
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip()


def test_every_program_list_is_titled_as_its_menu_item(client, admin_user):
    client.force_login(admin_user)
    viewsets = [v() for v in ProgramViewSetGroup.items if issubclass(v, WorkspaceModelViewSet)]
    assert any(isinstance(v, IncomeThresholdViewSet) for v in viewsets)
    with translation.override("id"):
        for viewset in viewsets:
            html = client.get(
                reverse(viewset.get_url_name("index")), HTTP_ACCEPT_LANGUAGE="id"
            ).content.decode()
            assert _heading(html).startswith(str(viewset.menu_label)), (viewset.name, _heading(html))
