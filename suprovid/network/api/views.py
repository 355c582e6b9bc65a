"""Institutions and specialists, read-only and scoped by `visible_to` (out of scope: 404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from suprovid.network.models import Institution, InstitutionKind, Specialist
from suprovid.territory.codes import is_valid_code, normalize_code

from .serializers import InstitutionSerializer, SpecialistSerializer


def _territory_param(value: str) -> str:
    code = normalize_code(value)
    if not is_valid_code(code):
        raise ValidationError({"territory": [_("A КАТОТТГ code is UA followed by 17 digits.")]})
    return code


def _institutions(user: object) -> QuerySet[Institution]:
    return (
        Institution.objects.visible_to(user)
        .with_positions(timezone.localdate())
        .select_related("territory")
        .order_by("name", "code")
    )


@extend_schema(
    parameters=[
        OpenApiParameter("kind", OpenApiTypes.STR, enum=InstitutionKind.values),
        OpenApiParameter("territory", OpenApiTypes.STR, description="КАТОТТГ subtree"),
    ]
)
class InstitutionList(generics.ListAPIView[Institution]):
    """Institutions in the caller's scope with positions planned and filled today."""

    serializer_class = InstitutionSerializer
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Institution]:
        qs = _institutions(self.request.user)
        params = self.request.query_params
        kind = params.get("kind", "")
        if kind:
            if kind not in InstitutionKind.values:
                raise ValidationError(
                    {
                        "kind": [
                            _("Use one of: %(kinds)s")
                            % {"kinds": ", ".join(InstitutionKind.values)}
                        ]
                    }
                )
            qs = qs.filter(kind=kind)
        if params.get("territory"):
            qs = qs.in_territory(_territory_param(params["territory"]))  # type: ignore[attr-defined]
        return qs


class InstitutionDetail(generics.RetrieveAPIView[Institution]):
    serializer_class = InstitutionSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Institution]:
        return _institutions(self.request.user)


@extend_schema(
    parameters=[OpenApiParameter("institution", OpenApiTypes.STR, description="institution code")]
)
class SpecialistList(generics.ListAPIView[Specialist]):
    """Specialists of the institutions in the caller's scope."""

    serializer_class = SpecialistSerializer
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Specialist]:
        qs = Specialist.objects.visible_to(self.request.user).select_related("institution")
        if self.request.query_params.get("institution"):
            qs = qs.filter(institution__code=self.request.query_params["institution"])
        return qs.order_by("full_name", "id")


class SpecialistDetail(generics.RetrieveAPIView[Specialist]):
    serializer_class = SpecialistSerializer

    def get_queryset(self) -> QuerySet[Specialist]:
        return Specialist.objects.visible_to(self.request.user).select_related("institution")
