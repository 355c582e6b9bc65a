"""Who may do what in programmes (on top of the row scope of `.visible_to`)."""

from __future__ import annotations

from typing import Any

from suprovid.accounts.models import Role

# Staff who record deliveries, check-ins, registrations and enrolments.
_DESK_ROLES = frozenset(
    {Role.SPECIALIST, Role.INTAKE, Role.COORDINATOR, Role.PROGRAMME_MANAGER, Role.ADMIN}
)


def can_edit_catalogue(user: Any) -> bool:
    """Programme managers (and administrators) edit directions, services, waves, budgets."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.sees_everything or user.role == Role.PROGRAMME_MANAGER)
    )


def can_record_delivery(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.sees_everything or user.role in _DESK_ROLES)
    )
