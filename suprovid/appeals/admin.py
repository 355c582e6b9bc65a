"""Admin: the topic taxonomy is edited here by administrators (two levels, fixed codes)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from suprovid.core.admin import AuditedAdminMixin

from .models import LetterTemplate, ReceptionSchedule, Topic


@admin.register(Topic)
class TopicAdmin(AuditedAdminMixin, admin.ModelAdmin[Topic]):
    list_display = ["code", "name_uk", "name_en", "parent", "position", "is_active"]
    list_editable = ["name_uk", "name_en", "position", "is_active"]
    list_filter = ["parent", "is_active"]
    search_fields = ["code", "name_uk", "name_en"]
    ordering = ["parent__code", "position", "code"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Codes are referenced by imports, reports and the API: fixed once created.
        return ["code", "parent"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # retire a topic with is_active instead; issues keep pointing to it


@admin.register(LetterTemplate)
class LetterTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin[LetterTemplate]):
    """Offices write their own letter texts here; without one the built-in default is used."""

    list_display = ["kind", "subject", "updated_at"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        from .letters import DEFAULT_TEMPLATES

        kind = request.GET.get("kind", "answer")
        subject, text = DEFAULT_TEMPLATES.get(kind, DEFAULT_TEMPLATES["answer"])
        return {"kind": kind, "subject": subject, "text": text}


@admin.register(ReceptionSchedule)
class ReceptionScheduleAdmin(AuditedAdminMixin, admin.ModelAdmin[ReceptionSchedule]):
    list_display = ["date", "starts_at", "ends_at", "official", "institution", "place", "slots"]
    list_filter = ["institution"]
    date_hierarchy = "date"
