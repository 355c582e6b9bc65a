"""Server-side pagination for HTML lists, with counts capped for national-size lists."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 25
# Beyond this many rows a list says "more than 10,000" instead of counting them: an exact
# COUNT(*) over an oblast's or the country's issues reads every matching row (3.0 s of the
# coordinator work list at 18 M issues, issue #13), while COUNT over a LIMIT-ed subquery
# stops after COUNT_CAP + 1 index entries. Pages past the cap are not offered, so OFFSET
# stays bounded too.
COUNT_CAP = 10_000
# A search's matches are counted up to here: nobody pages through a thousand matches of a
# name fragment (the list asks to refine it), and counting to 10,000 read ten times more
# rows — 460 of the 1,450 ms of a national surname-fragment search in one oblast (#13).
SEARCH_COUNT_CAP = 1_000


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """A Paginator whose `count` stops at COUNT_CAP; `capped` says there are more."""

    cap = COUNT_CAP

    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None, **kw: Any):
        super().__init__(object_list, per_page, **kw)
        if cap is not None:
            self.cap = cap

    @cached_property
    def _capped_count(self) -> int:
        objects: Any = self.object_list
        if isinstance(objects, QuerySet):
            # SELECT COUNT(*) FROM (SELECT … LIMIT cap + 1): stops early on an index scan.
            # The order does not change a count, and an ORDER BY in that subquery would
            # make the database sort every matching row first.
            if not objects.query.distinct_fields:
                objects = objects.order_by()
            return int(objects[: self.cap + 1].count())
        return len(objects)

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return min(self._capped_count, self.cap)

    @cached_property
    def capped(self) -> bool:
        return self._capped_count > self.cap

    @property
    def cap_label(self) -> str:
        return f"{self.cap:,}".replace(",", "\u00a0")  # 10 000, as Ukrainian writes it


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any] | Sequence[Any],
    per_page: int = PAGE_SIZE,
    *,
    cap: int | None = None,
) -> Page[Any]:
    """The requested page; a page number out of range or not a number gives the nearest page.
    `cap`: count up to this many (default COUNT_CAP; SEARCH_COUNT_CAP for search results)."""
    paginator = CappedPaginator(queryset, per_page, cap=cap)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current query string minus `page`, for pagination links that keep the filters."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
