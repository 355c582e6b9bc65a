"""What the appeals app asks of support cases (`suprovid.appeals.case_link`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .models import SupportCase


def open_cases(user: Any, person: Any = None) -> QuerySet[SupportCase]:
    """Open cases the user may see; with `person`, those the person belongs to, newest first."""
    cases = SupportCase.objects.visible_to(user).open()
    if person is None:
        return cases
    return (
        cases.filter(Q(primary_person=person) | Q(members__person=person))
        .select_related("primary_person")
        .distinct()
        .order_by("-opened_on")
    )
