"""API shapes of the programmes app (contract.md: eligibility and deliveries).

The catalogue is read-only here (it is edited on the programme manager's pages); records
show their `version`, which an edit must carry so that a stale save is refused.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from suprovid.core.api.fields import MAX_ID

from ..models import (
    Course,
    Delivery,
    Distribution,
    Enrolment,
    Event,
    Registration,
    Service,
)


class ServiceSerializer(serializers.ModelSerializer[Service]):
    direction_name = serializers.CharField(source="direction.name", read_only=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "name",
            "description",
            "direction",
            "direction_name",
            "unit",
            "unit_cost",
            "qualifying_statuses",
            "residence_territory",
            "min_age",
            "max_age",
            "limit_quantity",
            "limit_period",
            "is_active",
            "version",
        ]
        read_only_fields = ["version"]


class EligibilitySerializer(serializers.Serializer[Any]):
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class DeliveryInSerializer(serializers.Serializer[Any]):
    """`person`, `service`, `delivered_on`, `quantity` (contract.md); `distribution`,
    `place` optional. Ids are resolved in the view, within the user's scope."""

    person = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    service = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    delivered_on = serializers.DateField()
    quantity = serializers.IntegerField(min_value=1, max_value=10000, default=1)
    distribution = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DeliverySerializer(serializers.ModelSerializer[Delivery]):
    class Meta:
        model = Delivery
        fields = [
            "id",
            "person",
            "service",
            "distribution",
            "delivered_on",
            "quantity",
            "amount",
            "place",
            "recorded_by",
            "created_at",
        ]


class DistributionSerializer(serializers.ModelSerializer[Distribution]):
    expected = serializers.IntegerField(read_only=True)
    issued = serializers.IntegerField(read_only=True)

    class Meta:
        model = Distribution
        fields = [
            "id",
            "service",
            "name",
            "starts_on",
            "ends_on",
            "places",
            "categories",
            "expected",
            "issued",
            "version",
        ]
        read_only_fields = ["version"]


# What an event and a course share (`models.Offering`), then each one's own fields.
OFFERING_FIELDS = ["id", "direction", "name", "starts_on", "ends_on", "capacity", "version"]


class EventSerializer(serializers.ModelSerializer[Event]):
    class Meta:
        model = Event
        fields = [*OFFERING_FIELDS, "place", "registered"]
        read_only_fields = ["version"]


class RegistrationSerializer(serializers.ModelSerializer[Registration]):
    class Meta:
        model = Registration
        fields = ["id", "event", "person", "with_person", "attended", "result", "registered_at"]


class RegisterSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    family = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, default=list
    )


class CourseSerializer(serializers.ModelSerializer[Course]):
    class Meta:
        model = Course
        fields = [*OFFERING_FIELDS, "provider", "sessions", "enrolled"]
        read_only_fields = ["version"]


class EnrolmentSerializer(serializers.ModelSerializer[Enrolment]):
    class Meta:
        model = Enrolment
        fields = [
            "id",
            "course",
            "person",
            "enrolled_on",
            "status",
            "sessions_attended",
            "completed_on",
            "employed_on",
            "employer",
        ]


class EnrolSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    enrolled_on = serializers.DateField(required=False)


PERSON_REQUIRED = _("Give the person's id: ?person=ID.")
