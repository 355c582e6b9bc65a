"""Who may do what in programmes (on top of the row scope of `.visible_to`).

Thin names over the one capability matrix (`suprovid.accounts.capabilities`).
"""

from __future__ import annotations

from typing import Any

from suprovid.accounts import capabilities as caps
from suprovid.accounts.capabilities import user_can


def can_edit_catalogue(user: Any) -> bool:
    """Programme managers (and administrators) edit directions, services, waves, budgets."""
    return user_can(user, caps.PROGRAMMES_MANAGE)


def can_record_delivery(user: Any) -> bool:
    """Staff who record deliveries, check-ins, registrations and enrolments."""
    return user_can(user, caps.DELIVERIES_RECORD)
