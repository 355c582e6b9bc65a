from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "user", "kind", "text", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user"]
