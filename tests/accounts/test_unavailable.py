"""A database outage is a clear 503, never a 500 with a traceback."""

from __future__ import annotations

import logging

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_a_page_whose_database_is_unavailable_answers_503(client, entrepreneur_user, monkeypatch, caplog):
    from incubator import selectors

    def refuse(user):
        raise OperationalError("connection refused")

    monkeypatch.setattr(selectors, "dashboard_for", refuse)
    client.force_login(entrepreneur_user)
    with caplog.at_level(logging.WARNING):
        response = client.get("/portal/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "sementara tidak tersedia" in response.text
    assert "Temporarily unavailable" in response.text
    assert not any(record.exc_info for record in caplog.records)


def test_other_errors_still_answer_500(client, entrepreneur_user, monkeypatch):
    from incubator import selectors

    def broken(user):
        raise ValueError("a bug")

    monkeypatch.setattr(selectors, "dashboard_for", broken)
    client.raise_request_exception = False
    client.force_login(entrepreneur_user)
    assert client.get("/portal/").status_code == 500


def test_handler500_turns_a_database_error_raised_outside_a_view_into_503(rf):
    from config.middleware import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
