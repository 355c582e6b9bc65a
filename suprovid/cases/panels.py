"""The "support cases" panel of the person card (cross-app seam, docs/development.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from .models import SupportCase


def person_panel(request: HttpRequest, person: Any) -> tuple[str, dict[str, Any]] | None:
    """Cases in which the person is the primary person or a member; one query."""
    cases = list(
        SupportCase.objects.visible_to(request.user)
        .filter(Q(primary_person=person) | Q(members__person=person))
        .select_related("primary_person", "specialist")
        .distinct()
        .order_by("-opened_on")[:20]
    )
    if not cases:
        return None
    return "cases/panel.html", {"cases": cases}
