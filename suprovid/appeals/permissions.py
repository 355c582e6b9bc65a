"""Who may do what with appeals, beyond what they may see (`visible_to`)."""

from __future__ import annotations

from typing import Any

from suprovid.accounts.models import Role


def can_do_casework(user: Any) -> bool:
    """Registering appeals and working on issues: casework staff, not partners or managers."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.sees_everything or user.role in (Role.SPECIALIST, Role.INTAKE, Role.COORDINATOR))
    )


def can_reassign(user: Any) -> bool:
    """Coordinators balance the load of their territory."""
    return bool(getattr(user, "is_authenticated", False) and user.is_coordinator)


def can_answer_referral(user: Any, referral: Any) -> bool:
    """Only staff of the receiving institution accept, decline or report the outcome."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.sees_everything or (user.institution_id == referral.institution_id))
        and (user.is_partner or user.sees_everything or user.role == Role.SPECIALIST)
    )


def can_decide_as_head(user: Any) -> bool:
    """The head or a deputy: extensions (art. 20), art. 15 part 2 cases, not considering (art. 8).

    Until the capability matrix of the scope work lands (`user_can(user,
    "appeals.decide_as_head")`), heads are users flagged `is_head` and administrators.
    """
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (getattr(user, "is_head", False) or user.sees_everything)
    )
