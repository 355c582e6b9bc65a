"""REST endpoints of the programmes app. Scope as everywhere: outside it is a 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from suprovid.core.http import id_param
from suprovid.people.models import Person

from .. import services as svc
from ..eligibility import service_eligibility
from ..models import (
    Course,
    Delivery,
    Distribution,
    Enrolment,
    Event,
    Recipient,
    Registration,
    Service,
)
from ..permissions import can_record_delivery
from .serializers import (
    PERSON_REQUIRED,
    CourseSerializer,
    DeliveryInSerializer,
    DeliverySerializer,
    DistributionSerializer,
    EligibilitySerializer,
    EnrolmentSerializer,
    EnrolSerializer,
    EventSerializer,
    RegisterSerializer,
    RegistrationSerializer,
    ServiceSerializer,
)


def _desk(request: Request) -> None:
    if not can_record_delivery(request.user):
        raise PermissionDenied(_("Your role does not record deliveries."))


def _person(request: Request, pk: Any) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user), pk=pk)


class ServiceViewSet(viewsets.ReadOnlyModelViewSet[Service]):
    serializer_class = ServiceSerializer

    def get_queryset(self) -> QuerySet[Service]:
        return Service.objects.visible_to(self.request.user).select_related("direction")

    @extend_schema(
        parameters=[
            OpenApiParameter("person", int, required=True),
            OpenApiParameter("on", str, description="YYYY-MM-DD, today by default"),
        ],
        responses=EligibilitySerializer,
    )
    @action(detail=True, methods=["get"])
    def eligibility(self, request: Request, pk: str | None = None) -> Response:
        """`{"eligible": bool, "reasons": [str]}` for `?person=ID` (contract.md)."""
        service = self.get_object()
        raw = id_param(request.query_params.get("person"))
        if not raw:
            return Response({"detail": PERSON_REQUIRED}, status=status.HTTP_400_BAD_REQUEST)
        on_raw = request.query_params.get("on")
        on = timezone.localdate()
        if on_raw:
            try:
                parsed = parse_date(on_raw)
            except ValueError:
                parsed = None
            if parsed is None:
                return Response(
                    {"on": [_("Dates are YYYY-MM-DD.")]}, status=status.HTTP_400_BAD_REQUEST
                )
            on = parsed
        person = _person(request, raw)
        verdict = service_eligibility(service=service, person=person, on=on)
        return Response({"eligible": verdict.eligible, "reasons": verdict.reasons})


class DeliveryViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Delivery],
):
    serializer_class = DeliverySerializer
    filterset_fields = ["person", "service", "distribution"]

    def get_queryset(self) -> QuerySet[Delivery]:
        return Delivery.objects.visible_to(self.request.user).filter(
            service__in=Service.objects.visible_to(self.request.user)
        )

    @extend_schema(request=DeliveryInSerializer, responses={201: DeliverySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a delivery: 201, or 409 when it would exceed the person's limit."""
        _desk(request)
        data = DeliveryInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        service = get_object_or_404(Service.objects.visible_to(request.user), pk=v["service"])
        person = _person(request, v["person"])
        distribution = None
        if v.get("distribution"):
            distribution = get_object_or_404(
                Distribution.objects.visible_to(request.user), pk=v["distribution"]
            )
        try:
            delivery = svc.delivery_record(
                actor=request.user,
                service=service,
                person=person,
                delivered_on=v["delivered_on"],
                quantity=v["quantity"],
                distribution=distribution,
                place=v["place"],
            )
        except svc.LimitExceeded as refused:
            return Response(
                {"detail": "; ".join(refused.reasons), "reasons": refused.reasons},
                status=status.HTTP_409_CONFLICT,
            )
        except svc.DeliveryRefused as refused:
            return Response(
                {"detail": "; ".join(refused.reasons), "reasons": refused.reasons},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)


class DistributionViewSet(viewsets.ReadOnlyModelViewSet[Distribution]):
    serializer_class = DistributionSerializer
    filterset_fields = ["service"]

    def get_queryset(self) -> QuerySet[Distribution]:
        # Subqueries, not two joined Counts: recipients x deliveries of a 26,000-person
        # wave would multiply into hundreds of millions of rows.
        def count_of(qs: QuerySet[Any], field: str) -> Coalesce:
            counted = (
                qs.filter(distribution=OuterRef("pk"))
                .order_by()
                .values("distribution")
                .annotate(n=Count(field, distinct=True))
                .values("n")
            )
            return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

        return (
            Distribution.objects.visible_to(self.request.user)
            .annotate(
                expected=count_of(Recipient.objects.all(), "person"),
                issued=count_of(Delivery.objects.all(), "person"),
            )
            .order_by("-starts_on", "-id")
        )


class EventViewSet(viewsets.ReadOnlyModelViewSet[Event]):
    serializer_class = EventSerializer
    filterset_fields = ["direction"]

    def get_queryset(self) -> QuerySet[Event]:
        return Event.objects.visible_to(self.request.user)

    @extend_schema(request=RegisterSerializer, responses={201: RegistrationSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def register(self, request: Request, pk: str | None = None) -> Response:
        """Register a person and family members; 409 when the places are not enough."""
        event = self.get_object()
        _desk(request)
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = _person(request, data.validated_data["person"])
        visible = Person.objects.visible_to(request.user)
        wanted = set(data.validated_data["family"]) - {person.pk}
        family = list(visible.filter(pk__in=wanted))
        if len(family) != len(wanted):
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        try:
            created = svc.event_register(
                actor=request.user, event=event, person=person, family=family
            )
        except svc.CapacityFull as full:
            return Response({"detail": str(full)}, status=status.HTTP_409_CONFLICT)
        return Response(
            RegistrationSerializer(created, many=True).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=RegistrationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def registrations(self, request: Request, pk: str | None = None) -> Response:
        event = self.get_object()
        qs = Registration.objects.visible_to(request.user).filter(event=event)
        page = self.paginate_queryset(qs)  # type: ignore[arg-type]
        return self.get_paginated_response(RegistrationSerializer(page, many=True).data)  # type: ignore[arg-type]


class CourseViewSet(viewsets.ReadOnlyModelViewSet[Course]):
    serializer_class = CourseSerializer
    filterset_fields = ["direction"]

    def get_queryset(self) -> QuerySet[Course]:
        return Course.objects.visible_to(self.request.user)

    @extend_schema(request=EnrolSerializer, responses={201: EnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def enrol(self, request: Request, pk: str | None = None) -> Response:
        """Enrol a person; 409 when the course is full."""
        course = self.get_object()
        _desk(request)
        data = EnrolSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = _person(request, data.validated_data["person"])
        try:
            enrolment = svc.course_enrol(
                actor=request.user,
                course=course,
                person=person,
                on=data.validated_data.get("enrolled_on") or timezone.localdate(),
            )
        except svc.CapacityFull as full:
            return Response({"detail": str(full)}, status=status.HTTP_409_CONFLICT)
        except ValidationError as invalid:
            return Response({"detail": invalid.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=EnrolmentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def enrolments(self, request: Request, pk: str | None = None) -> Response:
        course = self.get_object()
        qs = Enrolment.objects.visible_to(request.user).filter(course=course)
        page = self.paginate_queryset(qs)  # type: ignore[arg-type]
        return self.get_paginated_response(EnrolmentSerializer(page, many=True).data)  # type: ignore[arg-type]
