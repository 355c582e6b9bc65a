"""The "appeals and issues" panel of the person card (cross-app seam, docs/development.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from .models import Issue
from .permissions import can_do_casework


def person_panel(request: HttpRequest, person: Any) -> tuple[str, dict[str, Any]] | None:
    """Issues concerning the person (and their appeals), newest first; one query."""
    if not can_do_casework(request.user):
        return None
    issues = list(
        Issue.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("appeal", "topic", "assignee")
        .order_by("-received_on", "-id")[:30]
    )
    if not issues:
        return None
    return "appeals/panel.html", {"issues": issues, "today": timezone.localdate()}
