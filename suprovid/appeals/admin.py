"""Admin: letter templates and reception schedules (the topics are in `suprovid.topics`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from suprovid.core.admin import AuditedAdminMixin

from .models import LetterTemplate, ReceptionSchedule


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
