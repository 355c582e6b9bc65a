"""The start page, the help page, saved list filters, and the page of records that still
point to abolished territory units (it reads people and institutions, hence here)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suprovid.accounts.http import AuthenticatedHttpRequest
from suprovid.core.collation import uk
from suprovid.network.models import Institution
from suprovid.people.models import Person
from suprovid.territory.models import Territory

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
    return render(request, "web/home.html")


# Pages whose filters can be saved, by the name stored in SavedFilter.page.
SAVABLE_PAGES = {"worklist": "appeals:worklist", "referral_inbox": "appeals:referral_inbox"}


@require_POST
def saved_filter_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Keep the current filters of a list under a name (saving a name again replaces it)."""
    from suprovid.core.models import SavedFilter

    page = request.POST.get("page", "")
    if page not in SAVABLE_PAGES:
        raise Http404
    name = (request.POST.get("name") or "").strip()[:80]
    query = (request.POST.get("query") or "").lstrip("?")[:500]
    if not name:
        messages.error(request, _("Give the filter a name."))
    else:
        SavedFilter.objects.update_or_create(
            user=request.user,
            page=page,
            name=name,
            defaults={"query": query},
        )
        messages.success(request, _("Filter “%(name)s” saved.") % {"name": name})
    return redirect(reverse(SAVABLE_PAGES[page]) + (f"?{query}" if query else ""))


@require_POST
def saved_filter_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    from suprovid.core.models import SavedFilter

    saved = get_object_or_404(SavedFilter.objects.visible_to(request.user), pk=pk)
    target = SAVABLE_PAGES.get(saved.page, "core:home")
    saved.delete()
    messages.success(request, _("Filter “%(name)s” removed.") % {"name": saved.name})
    return redirect(target)


def _help_sections() -> list[dict[str, Any]]:
    """Short answers per role: what staff asked during the walk-through of issue 11."""
    from suprovid.accounts.models import Role

    return [
        {
            "role": Role.INTAKE,
            "title": _("Front desk"),
            "items": [
                (
                    _("…register an appeal for a family?"),
                    _(
                        "New appeal: find the applicant by name, РНОКПП or phone and choose them. "
                        "Their family is offered in “Person concerned” of every issue; search for "
                        "anyone else and press “for an issue”. Add one issue per matter."
                    ),
                ),
                (
                    _("…register someone who is not found?"),
                    _(
                        "Under the search results, “Quick registration” is filled in from what "
                        "you searched; tick the consent box if the person signed it."
                    ),
                ),
                (
                    _("…start an appeal from a person's card?"),
                    _("Press “New appeal” on the card: the person is already the applicant."),
                ),
            ],
        },
        {
            "role": Role.SPECIALIST,
            "title": _("Support specialist"),
            "items": [
                (
                    _("…find an issue?"),
                    _(
                        "My work: type the applicant's name, the appeal number or РНОКПП. "
                        "Save filters you use often under a name."
                    ),
                ),
                (
                    _("…refer an issue to another institution?"),
                    _(
                        "On the issue page, “Refer to an institution”. The person needs an active "
                        "consent to sharing (recorded on their card). The bell tells you when the "
                        "institution accepts, declines or reports the outcome."
                    ),
                ),
                (
                    _("…see what is due?"),
                    _(
                        "Sort by deadline; “privileged first” is a separate order. The bell and a "
                        "daily e-mail remind you of issues due within 3 days."
                    ),
                ),
            ],
        },
        {
            "role": Role.PARTNER,
            "title": _("Partner institution"),
            "items": [
                (
                    _("…answer a referral?"),
                    _(
                        "Referrals opens on what needs action: new ones first, then accepted ones "
                        "by due date. Open one, accept or decline it, and later report the result."
                    ),
                ),
            ],
        },
        {
            "role": Role.COORDINATOR,
            "title": _("Coordinator"),
            "items": [
                (
                    _("…see what is behind a figure?"),
                    _(
                        "On the dashboard, click a bar, point or slice of a chart (or the number "
                        "in the table next to it): the list opens, and each row opens its appeal."
                    ),
                ),
                (
                    _("…rebalance the work?"),
                    _(
                        "My work, “everyone in my scope”: tick issues and reassign them; a "
                        "confirmation page comes first."
                    ),
                ),
            ],
        },
        {
            "role": Role.AUDITOR,
            "title": _("Auditor"),
            "items": [
                (
                    _("…see everything that happened to a person?"),
                    _(
                        "Audit log, “Person's history”: find the person by name and see their "
                        "appeals, issues, referrals, consents and views of their card."
                    ),
                ),
            ],
        },
    ]


def help_page(request: HttpRequest) -> HttpResponse:
    """How do I…: the user's own role first, then the others."""
    role = getattr(request.user, "role", "")
    sections = sorted(_help_sections(), key=lambda s: s["role"] != role)
    return render(request, "web/help.html", {"sections": sections})


def abolished_units(request: HttpRequest) -> HttpResponse:
    """Units missing from the newest codifier edition and the records (in the user's scope)
    that still point to them, for a coordinator to move them to the units that replaced
    them. The units are kept, never deleted: the records stay valid history."""
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
