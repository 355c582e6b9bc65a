"""Territory search for the picker."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Territory

PICKER_LIMIT = 20


def search(request: HttpRequest) -> HttpResponse:
    """Up to 20 units whose name contains the query, each with its category and the chain
    of parents (many villages share a name), exact name matches first."""
    # The picker's search input is named "<field>_search"; a plain form uses "q".
    query: str = request.GET.get("q") or next(
        (str(v) for k, v in request.GET.items() if k.endswith("_search")), ""
    )
    target = request.GET.get("target", "")
    units = (
        list(Territory.objects.search(query).ranked(query).with_ancestors()[:PICKER_LIMIT])
        if len(query.strip()) >= 2
        else []
    )
    return render(
        request,
        "territory/_search_results.html",
        {"units": units, "target": target, "q": query},
    )
