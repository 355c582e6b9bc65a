"""API plumbing shared by every app: pagination and error shapes."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from suprovid.core.concurrency import StaleObjectError
from suprovid.core.pagination import COUNT_CAP, SEARCH_COUNT_CAP, CappedPaginator

# Set on a page whose `count` stopped at the cap: there are more rows than `count` says.
COUNT_CAPPED_HEADER = "X-Count-Capped"


class Pagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`, 25 a page, `?page_size=` up to 200.

    `count` is capped like the web lists' (`core.pagination.CappedPaginator`): an exact
    COUNT(*) over a national search read every match (the API search took 1.7 s at 4 M
    persons where the web page, already capped, took 1.2 s). The cap is COUNT_CAP, or
    SEARCH_COUNT_CAP for a `?search=` as on the web. Past the cap, `count` is the cap, the
    response carries `X-Count-Capped: true`, and pages beyond it are a 404.
    """

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
    cap = COUNT_CAP

    @property
    def django_paginator_class(self) -> Any:  # type: ignore[override]
        return partial(CappedPaginator, cap=self.cap)

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self.cap = SEARCH_COUNT_CAP if request.query_params.get("search") else COUNT_CAP
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        if self.page is not None and getattr(self.page.paginator, "capped", False):
            response[COUNT_CAPPED_HEADER] = "true"
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count"]["description"] = (
            f"Matching rows, counted up to {COUNT_CAP} ({SEARCH_COUNT_CAP} with ?search=); "
            f"when there are more it is the cap and the response has the header "
            f"{COUNT_CAPPED_HEADER}: true."
        )
        return paginated


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus model validation errors (400) and stale saves (409) as JSON."""
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, StaleObjectError):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_404_NOT_FOUND:
        response.data = {"detail": _("Not found.")}
    return response
