"""Admin: the topic taxonomy is edited here by administrators (two levels, fixed codes)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from suprovid.core.admin import AuditedAdminMixin

from .models import Topic


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
