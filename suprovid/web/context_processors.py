"""Navigation entries, read from the capability matrix, for the base layout."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from suprovid.accounts import capabilities as caps
from suprovid.accounts.capabilities import capabilities_of

# (url name, label, capability needed, capability that hides the entry).
# The capability is the one the page's own guard checks, so no link refuses.
NAV: list[tuple[str, Any, str, str | None]] = [
    ("appeals:worklist", _("My work"), caps.ISSUES_WORK, None),
    ("appeals:create", _("New appeal"), caps.APPEALS_REGISTER, None),
    ("people:list", _("People"), caps.PEOPLE_VIEW, None),
    ("cases:list", _("Cases"), caps.CASES_VIEW, None),
    # Staff who see the referrals their scope sent do not need the partners' inbox link.
    ("appeals:referral_inbox", _("Referrals"), caps.REFERRALS_INBOX, caps.REFERRALS_VIEW),
    ("appeals:referrals", _("Referrals"), caps.REFERRALS_VIEW, None),
    ("cases:caseload", _("Caseload"), caps.CASES_CASELOAD, None),
    ("programmes:catalogue", _("Programmes"), caps.PROGRAMMES_VIEW, None),
    ("network:positions", _("Network"), caps.NETWORK_VIEW, None),
    ("reports:dashboard", _("Dashboard"), caps.DASHBOARD_VIEW, None),
    ("core:audit", _("Audit log"), caps.AUDIT_READ, None),
]


def nav_items(user: Any) -> list[dict[str, Any]]:
    """The sections `user` may open, in menu order."""
    held = capabilities_of(user)
    items = []
    for name, label, capability, hidden_by in NAV:
        if capability not in held or (hidden_by is not None and hidden_by in held):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the section is not installed in this build
        items.append({"name": name, "url": url, "label": label, "active": False})
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = nav_items(user)
    # The section whose address is the longest prefix of this page is the current one.
    matches = [item for item in items if request.path.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
