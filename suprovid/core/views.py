"""Start page and health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

# Where each role starts its day.
_START_PAGE = {
    "specialist": "appeals:worklist",
    "intake": "people:list",
    "coordinator": "reports:dashboard",
    "programme_manager": "programmes:catalogue",
    "partner": "appeals:referral_inbox",
    "auditor": "core:audit",
    "admin": "reports:dashboard",
}


def home(request: HttpRequest) -> HttpResponse:
    """The role's start page if its menu has it (the menu reads the capability matrix),
    else a page listing the menu (or saying there is nothing yet)."""
    from .context_processors import nav_items

    items = nav_items(request.user)
    preferred = _START_PAGE.get(getattr(request.user, "role", ""), "")
    for item in items:
        if item["name"] == preferred:
            return redirect(item["url"])
    return render(request, "core/home.html")


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
