"""Start page and health check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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
    name = _START_PAGE.get(getattr(request.user, "role", ""), "")
    if name:
        try:
            return redirect(reverse(name))
        except NoReverseMatch:
            pass
    return render(request, "core/home.html")


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# Pages whose filters can be saved, by the name stored in SavedFilter.page.
SAVABLE_PAGES = {"worklist": "appeals:worklist", "referral_inbox": "appeals:referral_inbox"}


@require_POST
def saved_filter_save(request: HttpRequest) -> HttpResponse:
    """Keep the current filters of a list under a name (saving a name again replaces it)."""
    from .models import SavedFilter

    page = request.POST.get("page", "")
    if page not in SAVABLE_PAGES:
        raise Http404
    name = (request.POST.get("name") or "").strip()[:80]
    query = (request.POST.get("query") or "").lstrip("?")[:500]
    if not name:
        messages.error(request, _("Give the filter a name."))
    else:
        SavedFilter.objects.update_or_create(
            user=request.user,  # type: ignore[misc]
            page=page,
            name=name,
            defaults={"query": query},
        )
        messages.success(request, _("Filter “%(name)s” saved.") % {"name": name})
    return redirect(reverse(SAVABLE_PAGES[page]) + (f"?{query}" if query else ""))


@require_POST
def saved_filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    from .models import SavedFilter

    saved = get_object_or_404(SavedFilter.objects.visible_to(request.user), pk=pk)
    target = SAVABLE_PAGES.get(saved.page, "core:home")
    saved.delete()
    messages.success(request, _("Filter “%(name)s” removed.") % {"name": saved.name})
    return redirect(target)
