from __future__ import annotations

from rest_framework import serializers

from suprovid.network.models import Institution, Specialist


class InstitutionSerializer(serializers.ModelSerializer[Institution]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    territory_code = serializers.CharField(source="territory_id", read_only=True)
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    positions_planned = serializers.IntegerField(source="planned", read_only=True)
    specialists_active = serializers.IntegerField(source="filled", read_only=True)

    class Meta:
        model = Institution
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_display",
            "territory_code",
            "territory_name",
            "is_active",
            "positions_planned",
            "specialists_active",
        ]


class SpecialistSerializer(serializers.ModelSerializer[Specialist]):
    institution_code = serializers.CharField(source="institution.code", read_only=True)
    institution_name = serializers.CharField(source="institution.name", read_only=True)

    class Meta:
        model = Specialist
        fields = [
            "id",
            "full_name",
            "email",
            "institution",
            "institution_code",
            "institution_name",
            "user",
            "active_from",
            "active_to",
        ]
