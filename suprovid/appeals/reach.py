"""The appeals app's part of `PersonReach`: where each person's issues are handled."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet


def issue_reach_source(person_ids: list[int] | None) -> QuerySet[Any, Any]:
    """(person, territory, institution, assignee) of every issue about a known person."""
    from .models import Issue

    qs = Issue.objects.filter(person__isnull=False)
    if person_ids is not None:
        qs = qs.filter(person_id__in=person_ids)
    return qs.order_by().values_list("person_id", "territory_id", "institution_id", "assignee_id")


def referred_to(institution_id: int) -> Exists:
    """Persons of the issues referred to a partner institution (what its staff see)."""
    from .models import Referral

    return Exists(
        Referral.objects.filter(institution_id=institution_id, issue__person=OuterRef("pk"))
    )
