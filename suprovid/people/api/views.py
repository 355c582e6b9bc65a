"""`/api/v1/persons/`: search, register, read and edit persons within the user's scope."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets

from suprovid.accounts import capabilities as caps
from suprovid.accounts.api.permissions import capability_permission
from suprovid.people.models import Person, PersonQuerySet, PersonStatus

from .serializers import PersonSerializer

# Staff working with people read; writing roles write. Row scope is `visible_to`.
PeoplePermission = capability_permission(caps.PEOPLE_VIEW, caps.PEOPLE_EDIT)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "search",
                OpenApiTypes.STR,
                description="name parts in any case, Cyrillic or Latin; РНОКПП; phone",
            )
        ]
    )
)
class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Person],
):
    """Persons with their statuses. Out of scope is 404; a stale PATCH is 409."""

    serializer_class = PersonSerializer
    permission_classes = [permissions.IsAuthenticated, PeoplePermission]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> PersonQuerySet:
        qs = Person.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("statuses", queryset=PersonStatus.objects.order_by("code", "id"))
        )
        if self.action == "list":
            qs = qs.active()
            search = self.request.query_params.get("search", "").strip()
            if search:
                qs = qs.search(search)
        return qs.order_by("last_name", "first_name", "patronymic", "id")

    def get_serializer(self, *args: Any, **kwargs: Any) -> PersonSerializer:
        if self.action == "partial_update":
            kwargs["partial"] = True
        return cast(PersonSerializer, super().get_serializer(*args, **kwargs))
