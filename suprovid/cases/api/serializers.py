"""Shapes of `/api/v1/cases/`."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from suprovid.cases.models import CaseMember, SupportCase


class CaseMemberSerializer(serializers.ModelSerializer[CaseMember]):
    class Meta:
        model = CaseMember
        fields = ["person", "relation"]


class SupportCaseSerializer(serializers.ModelSerializer[SupportCase]):
    members = CaseMemberSerializer(many=True, read_only=True)

    class Meta:
        model = SupportCase
        fields = [
            "id", "primary_person", "specialist", "institution", "status", "opened_on",
            "closed_on", "close_reason", "members", "version",
        ]  # fmt: skip
        read_only_fields = fields


class CaseOpenSerializer(serializers.Serializer[Any]):
    primary_person = serializers.IntegerField()
    institution_code = serializers.CharField()
    specialist_email = serializers.EmailField(required=False, allow_blank=True, default="")
    members = CaseMemberSerializer(many=True, required=False, default=list)
