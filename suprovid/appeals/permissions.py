"""Who may do what with appeals, beyond what they may see (`visible_to`).

Thin names over the one capability matrix (`suprovid.accounts.capabilities`).
"""

from __future__ import annotations

from typing import Any

from suprovid.accounts import capabilities as caps
from suprovid.accounts.capabilities import user_can


def can_do_casework(user: Any) -> bool:
    """Registering appeals and working on issues: casework staff, not partners or managers."""
    return user_can(user, caps.ISSUES_WORK)


def can_reassign(user: Any) -> bool:
    """Coordinators balance the load of their territory."""
    return user_can(user, caps.ISSUES_REASSIGN)


def can_decide_as_head(user: Any) -> bool:
    """The head or a deputy (`User.is_head`), and administrators: extensions (Law 393/96
    art. 20), art. 15 part 2 cases, not considering (art. 8)."""
    return user_can(user, caps.APPEALS_DECIDE_AS_HEAD)


def can_answer_referral(user: Any, referral: Any) -> bool:
    """Only staff of the receiving institution accept, decline or report the outcome."""
    return user_can(user, caps.REFERRALS_ANSWER) and bool(
        user.sees_everything or user.institution_id == referral.institution_id
    )
