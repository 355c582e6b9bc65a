"""Navigation entries by role, for the base layout."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, predicate on the user)
_NAV: list[tuple[str, Any, str]] = [
    ("appeals:worklist", _("My work"), "works_with_people"),
    ("appeals:create", _("New appeal"), "works_with_people"),
    ("people:list", _("People"), "works_with_people"),
    ("cases:list", _("Cases"), "works_with_people"),
    ("appeals:referral_inbox", _("Referrals"), "is_partner"),
    ("appeals:referrals", _("Referrals"), "works_with_people"),
    ("cases:caseload", _("Caseload"), "is_coordinator"),
    ("programmes:catalogue", _("Programmes"), "works_with_people"),
    ("network:positions", _("Network"), "is_authenticated"),
    ("reports:dashboard", _("Dashboard"), "is_coordinator"),
    ("core:audit", _("Audit log"), "can_read_audit"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for name, label, predicate in _NAV:
        if not getattr(user, predicate, False):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the section is not installed in this build
        items.append({"url": url, "label": label, "active": False})
    # The section whose address is the longest prefix of this page is the current one.
    matches = [item for item in items if request.path.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
