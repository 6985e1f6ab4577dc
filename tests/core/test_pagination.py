"""``core.pagination.CountedPagePaginator``: Django's pages, the page and the count in one query."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from accounts.models import User
from core.pagination import CountedPagePaginator
from tests.factories import EntrepreneurUserFactory

pytestmark = pytest.mark.django_db


def _pages(paginator_class, number):
    page = paginator_class(User.objects.order_by("pk"), 3).get_page(number)
    return [u.pk for u in page], page.number, page.paginator.count, page.paginator.num_pages, page.has_next()


@pytest.mark.parametrize("users", [0, 2, 3, 4, 7])
@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "x", "0", "-1", "9"])
def test_the_same_pages_as_djangos_paginator(users, number):
    for _ in range(users):
        EntrepreneurUserFactory()
    assert _pages(CountedPagePaginator, number) == _pages(Paginator, number)


@pytest.mark.parametrize(("users", "number"), [(2, None), (7, "1"), (7, "2"), (7, "3")])
def test_a_page_with_rows_costs_one_query(users, number, django_assert_num_queries):
    for _ in range(users):
        EntrepreneurUserFactory()
    with django_assert_num_queries(1):
        page = CountedPagePaginator(User.objects.order_by("pk"), 3).get_page(number)
        assert len(list(page)) == min(3, users - 3 * (page.number - 1)) and page.paginator.num_pages == -(
            -users // 3
        )
        page.has_next(), page.has_previous(), page.paginator.page_range
