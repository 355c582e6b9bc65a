"""Who may read and write people's records (row scope is `Person.objects.visible_to`).

Thin names over the one capability matrix (`suprovid.accounts.capabilities`).
"""

from __future__ import annotations

from typing import Any

from suprovid.accounts import capabilities as caps
from suprovid.accounts.capabilities import user_can


def can_view_people(user: Any) -> bool:
    """The people pages and API are for staff who work with people (not partners, auditors)."""
    return user_can(user, caps.PEOPLE_VIEW)


def can_edit_people(user: Any) -> bool:
    """Registering and editing persons; a programme manager only reads."""
    return user_can(user, caps.PEOPLE_EDIT)
