"""A paginator that reads a page and the list's length in one query."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window


class CountedPagePaginator(Paginator):
    """Django's paginator counts the list, then reads the page: two queries. This one reads the page
    with ``COUNT(*) OVER ()`` (the whole list's length on every row) for a queryset: one query for a
    page that has rows, whatever the list's length. A page past the end, an empty list, a list,
    orphans, a DISTINCT, UNION or sliced queryset (the window would count other rows): Django's
    way. Same pages and numbers as Django's ``get_page``."""

    def get_page(self, number) -> Page:
        if not isinstance(self.object_list, QuerySet) or self.orphans or not _windowable(self.object_list):
            return super().get_page(number)
        try:
            number = int(number or 1)
        except (TypeError, ValueError):
            number = 1  # Django: not a number, the first page
        if number < 1:
            return super().get_page(number)
        bottom = (number - 1) * self.per_page
        rows = list(
            self.object_list.annotate(_list_length=Window(Count("pk")))[bottom : bottom + self.per_page]
        )
        if not rows:
            return super().get_page(number)
        self.count = rows[0]._list_length  # Paginator.count is a cached property: this is its answer
        return self._get_page(rows, number, self)


def _windowable(qs: QuerySet) -> bool:
    query = qs.query
    return not (query.distinct or query.combinator or query.is_sliced)
