"""Read-only КАТОТТГ reference for any signed-in user."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from suprovid.territory.codes import normalize_code
from suprovid.territory.models import Territory

from .serializers import TerritorySerializer


@extend_schema(
    parameters=[
        OpenApiParameter("search", OpenApiTypes.STR, description="part of the name, any case"),
        OpenApiParameter("level", OpenApiTypes.INT, description="1 oblast … 5 city district"),
        OpenApiParameter("parent", OpenApiTypes.STR, description="КАТОТТГ code of the parent"),
    ]
)
class TerritoryList(generics.ListAPIView[Territory]):
    """Units of КАТОТТГ; `search` finds names in any case, Latin look-alikes tolerated."""

    serializer_class = TerritorySerializer

    def get_queryset(self) -> QuerySet[Territory]:
        params = self.request.query_params
        qs = Territory.objects.with_ancestors()
        search = params.get("search", "").strip()
        if search:
            qs = qs.search(search).ranked(search)
        level = params.get("level", "").strip()
        if level:
            if level not in {"1", "2", "3", "4", "5"}:
                raise ValidationError({"level": [_("The level is a number from 1 to 5.")]})
            qs = qs.filter(level=int(level))
        parent = params.get("parent", "").strip()
        if parent:
            qs = qs.filter(parent_id=normalize_code(parent))
        return qs


class TerritoryDetail(generics.RetrieveAPIView[Territory]):
    serializer_class = TerritorySerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Territory]:
        return Territory.objects.with_ancestors()

    def get_object(self) -> Territory:
        self.kwargs["code"] = normalize_code(self.kwargs["code"])
        return super().get_object()
