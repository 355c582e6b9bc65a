"""API plumbing shared by every app: pagination and error shapes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from suprovid.core.concurrency import StaleObjectError


class Pagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`, 25 a page, `?page_size=` up to 200."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


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
