"""Fetch-and-authorise for support cases (see `suprovid.accounts.access`)."""

from __future__ import annotations

from typing import Any, Literal

from suprovid.accounts import capabilities as caps
from suprovid.accounts.access import access

from .models import SupportCase


def access_case(user: Any, pk: Any, *, action: Literal["view", "edit"] = "view") -> SupportCase:
    """404 outside scope or for roles without cases; 403 for changes the role may not make."""
    qs = SupportCase.objects.visible_to(user).select_related(
        "primary_person", "specialist", "institution"
    )
    act = caps.CASES_EDIT if action == "edit" else None
    return access(user, qs, pk, view=caps.CASES_VIEW, act=act)
