"""Report endpoints: the summary of contract.md and open data."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from suprovid.reports.params import ParamError, parse_summary_params
from suprovid.reports.queries import open_data, summary_for_scope
from suprovid.reports.scope import ReportNotFound, ReportScope, report_scope
from suprovid.reports.views.common import parse_level


def _not_found() -> Response:
    return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)


def _bad_request(errors: dict[str, str]) -> Response:
    return Response(
        {"detail": _("Check the parameters."), "errors": errors},
        status=status.HTTP_400_BAD_REQUEST,
    )


class _ReportView(APIView):
    def scope_and_params(self, request: Request) -> tuple[ReportScope, Any] | Response:
        try:
            params = parse_summary_params(request.query_params)
        except ParamError as exc:
            return _bad_request(exc.errors)
        try:
            scope = report_scope(territory_code=params.territory_code, user=request.user)
        except ReportNotFound:
            return _not_found()
        return scope, params


_PERIOD_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="YYYY-MM-DD"),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="YYYY-MM-DD"),
    OpenApiParameter("territory", str, description="КАТОТТГ code of any level"),
]
_COUNTS = serializers.DictField(child=serializers.IntegerField())


class SummaryView(_ReportView):
    """`GET /api/v1/reports/summary/?from=…&to=…&territory=…` — the object of contract.md."""

    @extend_schema(
        parameters=_PERIOD_PARAMETERS,
        responses=inline_serializer(
            "ReportSummary",
            {
                "period": serializers.DictField(child=serializers.DateField()),
                "territory": serializers.CharField(allow_null=True),
                "appeals": serializers.IntegerField(),
                "issues": serializers.IntegerField(),
                "issues_by_topic": _COUNTS,
                "issues_by_outcome": _COUNTS,
                "persons_helped": serializers.IntegerField(),
                "veterans_helped": serializers.IntegerField(),
                "positions_planned": serializers.IntegerField(),
                "specialists": serializers.IntegerField(),
                "specialists_in_healthcare": serializers.IntegerField(),
                "overdue_open_issues": serializers.IntegerField(),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        resolved = self.scope_and_params(request)
        if isinstance(resolved, Response):
            return resolved
        scope, params = resolved
        return Response(
            summary_for_scope(scope, date_from=params.date_from, date_to=params.date_to)
        )


class OpenDataView(_ReportView):
    """Issues by territory unit, topic and month; counts below 5 are null."""

    @extend_schema(
        parameters=[
            *_PERIOD_PARAMETERS,
            OpenApiParameter("level", str, description="oblast, raion or hromada"),
        ],
        responses=inline_serializer(
            "OpenData",
            {
                "period": serializers.DictField(child=serializers.DateField()),
                "territory": serializers.CharField(allow_null=True),
                "level": serializers.CharField(),
                "suppressed_below": serializers.IntegerField(),
                "results": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        resolved = self.scope_and_params(request)
        if isinstance(resolved, Response):
            return resolved
        scope, params = resolved
        try:
            level = parse_level(request.query_params.get("level"))
        except ParamError as exc:
            return _bad_request(exc.errors)
        rows = open_data(scope, params.date_from, params.date_to, level)
        return Response(
            {
                "period": {"from": params.date_from.isoformat(), "to": params.date_to.isoformat()},
                "territory": scope.territory_code,
                "level": level,
                "suppressed_below": 5,
                "results": rows,
            }
        )
