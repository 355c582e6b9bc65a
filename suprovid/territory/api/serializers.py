from __future__ import annotations

from typing import Any

from rest_framework import serializers

from suprovid.territory.models import Territory


class TerritoryBriefSerializer(serializers.ModelSerializer[Territory]):
    category_display = serializers.CharField(source="get_category_display", read_only=True)

    class Meta:
        model = Territory
        fields = ["code", "name", "level", "category", "category_display"]


class TerritorySerializer(TerritoryBriefSerializer):
    """A unit with its parent chain (oblast first), to tell apart units of one name."""

    parent_code = serializers.CharField(source="parent_id", read_only=True, allow_null=True)
    ancestors = serializers.SerializerMethodField()
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]

    class Meta(TerritoryBriefSerializer.Meta):
        fields = [
            *TerritoryBriefSerializer.Meta.fields,
            "parent_code",
            "ancestors",
            "label",
            "edition",
        ]

    def get_ancestors(self, obj: Territory) -> list[dict[str, Any]]:
        return TerritoryBriefSerializer(obj.ancestors(), many=True).data  # type: ignore[return-value]
