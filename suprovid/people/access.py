"""Fetch-and-authorise for persons (see `suprovid.accounts.access`)."""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied

from suprovid.accounts import capabilities as caps
from suprovid.accounts.access import access, still_visible

from .models import Person, PersonQuerySet

_ACTS = {"view": None, "edit": caps.PEOPLE_EDIT, "merge": caps.PEOPLE_MERGE}


def visible_persons(user: Any) -> PersonQuerySet:
    return Person.objects.visible_to(user)


def access_person(
    user: Any,
    pk: Any,
    *,
    action: Literal["view", "edit", "merge"] = "view",
    queryset: PersonQuerySet | None = None,
) -> Person:
    """The person `pk`: 404 outside the user's scope (or for roles that never see
    persons), 403 when the role may look but not `action`. A merged-away record is
    read-only (403 for any change)."""
    qs = queryset if queryset is not None else visible_persons(user)
    person = access(user, qs, pk, view=caps.PEOPLE_VIEW, act=_ACTS[action])
    if action != "view" and person.merged_into_id is not None:
        raise PermissionDenied
    return person


def person_still_visible(user: Any, person: Person) -> bool:
    return still_visible(user, visible_persons(user), person.pk)
