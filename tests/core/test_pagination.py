"""``core.pagination.ShortListPaginator``: Django's pages, fewer queries for a short list."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from accounts.models import User
from core.pagination import ShortListPaginator
from tests.factories import EntrepreneurUserFactory

pytestmark = pytest.mark.django_db


def _pages(paginator_class, number):
    page = paginator_class(User.objects.order_by("pk"), 3).get_page(number)
    return [u.pk for u in page], page.number, page.paginator.count, page.paginator.num_pages, page.has_next()


@pytest.mark.parametrize("users", [0, 2, 3, 4, 7])
@pytest.mark.parametrize("number", [None, "1", "2", "3", "x", "9"])
def test_the_same_pages_as_djangos_paginator(users, number):
    for _ in range(users):
        EntrepreneurUserFactory()
    assert _pages(ShortListPaginator, number) == _pages(Paginator, number)


def test_a_list_that_fits_on_the_first_page_costs_one_query(django_assert_num_queries):
    for _ in range(3):
        EntrepreneurUserFactory()
    with django_assert_num_queries(1):
        page = ShortListPaginator(User.objects.order_by("pk"), 3).get_page(None)
        assert len(list(page)) == 3 and page.paginator.num_pages == 1 and not page.has_other_pages()


def test_a_longer_list_costs_the_rows_and_the_count(django_assert_num_queries):
    for _ in range(4):
        EntrepreneurUserFactory()
    with django_assert_num_queries(2):
        page = ShortListPaginator(User.objects.order_by("pk"), 3).get_page("1")
        assert len(list(page)) == 3 and page.paginator.num_pages == 2 and page.has_next()
