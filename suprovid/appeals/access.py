"""Fetch-and-authorise for appeals, issues, referrals and attachments
(see `suprovid.accounts.access`)."""

from __future__ import annotations

from typing import Any, Literal

from suprovid.accounts import capabilities as caps
from suprovid.accounts.access import access

from .models import Appeal, Attachment, Issue, Referral

_ISSUE_ACTS = {"view": None, "work": caps.ISSUES_WORK, "reassign": caps.ISSUES_REASSIGN}


def access_appeal(user: Any, pk: Any, *, action: Literal["view", "work"] = "view") -> Appeal:
    """404 outside scope or for roles without appeal pages; 403 for acts the role lacks."""
    qs = Appeal.objects.visible_to(user).select_related("applicant", "institution")
    return access(user, qs, pk, view=caps.APPEALS_VIEW, act=_ISSUE_ACTS[action])


def access_issue(
    user: Any, pk: Any, *, action: Literal["view", "work", "reassign"] = "view"
) -> Issue:
    qs = Issue.objects.visible_to(user).select_related("appeal", "person", "topic")
    return access(user, qs, pk, view=caps.APPEALS_VIEW, act=_ISSUE_ACTS[action])


def access_referral(user: Any, pk: Any, *, action: Literal["view", "answer"] = "view") -> Referral:
    """Partners reach referrals through their inbox, staff through the referrals list."""
    view = caps.REFERRALS_INBOX if getattr(user, "is_partner", False) else caps.REFERRALS_VIEW
    qs = Referral.objects.visible_to(user).select_related("issue", "institution")
    act = caps.REFERRALS_ANSWER if action == "answer" else None
    referral = access(user, qs, pk, view=view, act=act)
    if action == "answer":
        from django.core.exceptions import PermissionDenied

        from .permissions import can_answer_referral

        if not can_answer_referral(user, referral):
            raise PermissionDenied
    return referral


def access_attachment(user: Any, pk: Any) -> Attachment:
    return access(user, Attachment.objects.visible_to(user), pk, view=caps.APPEALS_VIEW)
