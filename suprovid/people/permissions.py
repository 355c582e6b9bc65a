"""Who may read and write people's records (row scope is `Person.objects.visible_to`)."""

from __future__ import annotations

from typing import Any

from suprovid.accounts.models import Role

# Roles that register and edit persons; a programme manager only reads.
WRITE_ROLES = frozenset({Role.INTAKE, Role.SPECIALIST, Role.COORDINATOR, Role.ADMIN})


def can_view_people(user: Any) -> bool:
    """The people pages and API are for staff who work with people (not partners, auditors)."""
    return bool(getattr(user, "is_authenticated", False) and user.works_with_people)


def can_edit_people(user: Any) -> bool:
    return can_view_people(user) and (user.sees_everything or user.role in WRITE_ROLES)
