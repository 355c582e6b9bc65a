from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin[Territory]):
    """Read-only: the codifier is loaded by `import_territories`, not edited by hand."""

    list_display = ["code", "name", "category", "level", "parent", "edition"]
    list_filter = ["level", "category"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
