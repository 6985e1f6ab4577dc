"""/cms/ for a signed-in person who may not use the admin: "Not allowed", never a redirect loop (C2)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["mentor_user", "entrepreneur_user"])
@pytest.mark.parametrize("path", ["/cms/", "/cms/workspace/promotions/", "/cms/pages/"])
def test_a_signed_in_non_manager_is_told_not_allowed(client_for, request, who, path):
    response = client_for(request.getfixturevalue(who)).get(path)
    assert response.status_code == 403
    assert "Tidak diizinkan" in response.content.decode()


def test_a_visitor_is_still_sent_to_sign_in(client):
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_manager_opens_the_admin(client_for, manager_user):
    assert client_for(manager_user).get("/cms/").status_code == 200
