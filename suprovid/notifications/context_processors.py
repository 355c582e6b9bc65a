"""The bell in the navigation bar: the count of unread notifications (one query)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from .models import Notification


def bell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "help_url": reverse("core:help"),
        "notifications_url": reverse("notifications:list"),
        "notification_settings_url": reverse("notifications:settings"),
        "unread_notifications": Notification.objects.visible_to(user).unread().count(),
    }
