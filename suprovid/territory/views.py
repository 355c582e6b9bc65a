"""Territory search for the picker."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Territory

PICKER_LIMIT = 20


def search(request: HttpRequest) -> HttpResponse:
    """Up to 20 current units whose name (or former name) contains the query, each with its
    category and the full chain of parents (many villages share a name), ranked by
    `TerritoryQuerySet.ranked`: cities first, exact names, the user's own oblast."""
    # The picker's search input is named "<field>_search"; a plain form uses "q".
    query: str = request.GET.get("q") or next(
        (str(v) for k, v in request.GET.items() if k.endswith("_search")), ""
    )
    target = request.GET.get("target", "")
    # The user's own oblast ranks first among equals (the first 4 digits after UA).
    prefix = getattr(request.user, "territory_prefix", None) or ""
    oblast = prefix[:4] if len(prefix) >= 4 else ""
    units = (
        list(
            Territory.objects.current()
            .search(query)
            .ranked(query, oblast_prefix=oblast)
            .with_ancestors()[:PICKER_LIMIT]
        )
        if len(query.strip()) >= 2
        else []
    )
    return render(
        request,
        "territory/_search_results.html",
        {"units": units, "target": target, "q": query},
    )
