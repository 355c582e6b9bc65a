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


class CaseMemberInSerializer(serializers.Serializer[Any]):
    """A member to add: a plain id, looked up in the user's scope by the view.

    Not a related field over all persons: its "does not exist" would tell an outsider
    which ids belong to people they may not see.
    """

    person = serializers.IntegerField()
    relation = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")


class CaseOpenSerializer(serializers.Serializer[Any]):
    primary_person = serializers.IntegerField()
    institution_code = serializers.CharField()
    specialist_email = serializers.EmailField(required=False, allow_blank=True, default="")
    members = CaseMemberInSerializer(many=True, required=False, default=list)
