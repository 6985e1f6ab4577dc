"""A paginator that shows a list shorter than a page with one query."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


class ShortListPaginator(Paginator):
    """Django's paginator counts the list, then reads the page: two queries however short the list.
    This one reads the first page with one row more than it holds: when that row is missing, the
    rows read are the whole list and no COUNT runs; otherwise the first page is those rows and the
    count runs only when asked (page links). Other pages are Django's."""

    def get_page(self, number) -> Page:
        if str(number or 1) != "1" or not self.allow_empty_first_page:
            return super().get_page(number)
        fits = self.per_page + self.orphans
        head = list(self.object_list[: fits + 1])
        if len(head) <= fits:
            self.count = len(head)  # Paginator.count is a cached property: this is its answer
            return self._get_page(head, 1, self)
        return self._get_page(head[: self.per_page], 1, self)
