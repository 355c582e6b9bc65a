"""Territory search for the picker."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from suprovid.core.collation import uk

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


def abolished(request: HttpRequest) -> HttpResponse:
    """Units missing from the newest codifier edition and the records (in the user's scope)
    that still point to them, for a coordinator to move them to the units that replaced
    them. The units are kept, never deleted: the records stay valid history."""
    from django.core.exceptions import PermissionDenied

    from suprovid.network.models import Institution
    from suprovid.people.models import Person

    if not getattr(request.user, "is_coordinator", False):
        raise PermissionDenied
    units = list(Territory.objects.exclude(abolished_in="").with_ancestors().order_by("code"))
    codes = [u.code for u in units]
    persons = (
        Person.objects.visible_to(request.user)
        .active()
        .filter(territory_id__in=codes)
        .order_by(uk("last_name"), uk("first_name"), "id")
    )
    institutions = Institution.objects.visible_to(request.user).filter(territory_id__in=codes)
    by_unit: dict[str, dict[str, list[object]]] = {
        code: {"persons": [], "institutions": []} for code in codes
    }
    for person in persons[:1000]:
        by_unit[str(person.territory_id)]["persons"].append(person)
    for institution in institutions:
        by_unit[str(institution.territory_id)]["institutions"].append(institution)
    rows = [(unit, by_unit[unit.code]) for unit in units]
    return render(request, "territory/abolished.html", {"rows": rows})
