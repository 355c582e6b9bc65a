"""`/api/v1/persons/`: search, register, read and edit persons within the user's scope."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from suprovid.accounts import capabilities as caps
from suprovid.accounts.api.permissions import capability_permission
from suprovid.core.audit import audit_read, audit_record
from suprovid.core.cyrillic import clean_display
from suprovid.people.duplicates import find_duplicates
from suprovid.people.filters import PersonApiFilter
from suprovid.people.models import Person, PersonQuerySet, PersonStatus

from .serializers import PersonSerializer

# Staff working with people read; writing roles write. Row scope is `visible_to`.
PeoplePermission = capability_permission(caps.PEOPLE_VIEW, caps.PEOPLE_EDIT)


class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Person],
):
    """Persons with their statuses. Out of scope is 404; a stale PATCH is 409."""

    serializer_class = PersonSerializer
    filterset_class = PersonApiFilter
    permission_classes = [permissions.IsAuthenticated, PeoplePermission]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @property
    def throttle_scope(self) -> str | None:
        # A search hands out up to 200 full records at once: a tight rate of its own.
        return "person_search" if getattr(self, "action", None) == "list" else None

    def get_queryset(self) -> PersonQuerySet:
        qs = Person.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("statuses", queryset=PersonStatus.objects.order_by("code", "id"))
        )
        # A list shows the records in use; search, filters and order: `PersonApiFilter`.
        return qs.active() if self.action == "list" else qs

    @extend_schema(
        responses={201: PersonSerializer, 409: OpenApiTypes.OBJECT},
        description=(
            "Registers a person (201). When likely duplicates are visible to the user the "
            'answer is 409 with `{"detail", "candidates": [{"id", "full_name", "birth_date", '
            '"score", "reasons"}]}`; send `confirm_duplicate: true` to register anyway.'
        ),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not data.get("confirm_duplicate"):
            candidates = find_duplicates(
                queryset=Person.objects.visible_to(request.user),
                last_name=clean_display(data.get("last_name", "")),
                first_name=clean_display(data.get("first_name", "")),
                patronymic=clean_display(data.get("patronymic", "")),
                birth_date=data.get("birth_date"),
                rnokpp=data.get("rnokpp", ""),
                phone=data.get("phone", ""),
            )
            if candidates:
                return Response(
                    {
                        "detail": _(
                            "This person may already be registered. Use the existing record, "
                            "or send confirm_duplicate: true to register a new one."
                        ),
                        "candidates": [c.as_json() for c in candidates],
                    },
                    status=status.HTTP_409_CONFLICT,
                )
        self.perform_create(serializer)
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().list(request, *args, **kwargs)
        # One entry per search, naming every person it handed out (Law 2297-VI).
        audit_read(action="person.listed", objs=self._listed, model=Person)
        return response

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        self._listed = list(page) if page is not None else []
        return page

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().retrieve(request, *args, **kwargs)
        audit_record(actor=request.user, action="person.viewed", obj=self._viewed)
        return response

    def get_object(self) -> Person:
        self._viewed = super().get_object()
        return self._viewed

    def get_serializer(self, *args: Any, **kwargs: Any) -> PersonSerializer:
        if self.action == "partial_update":
            kwargs["partial"] = True
        return cast(PersonSerializer, super().get_serializer(*args, **kwargs))
