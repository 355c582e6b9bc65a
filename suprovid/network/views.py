"""The network pages: positions planned vs filled."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from suprovid.core.exports import export_response
from suprovid.core.pagination import paginate, query_without_page

from .forms import PositionsFilterForm
from .models import Institution
from .queries import as_line, positions_lines, positions_totals


def positions(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Positions planned vs filled by institution, territory or kind, in the user's scope."""
    form = PositionsFilterForm(request.GET or None)
    day = timezone.localdate()
    institutions = Institution.objects.visible_to(request.user).filter(is_active=True)
    group = "institution"
    if form.is_valid():
        if form.cleaned_data["territory"] is not None:
            institutions = institutions.in_territory(form.cleaned_data["territory"].code)
        if form.cleaned_data["kind"]:
            institutions = institutions.filter(kind=form.cleaned_data["kind"])
        group = form.cleaned_data["group"] or "institution"
    elif form.is_bound:
        institutions = institutions.none()
    institutions = institutions.with_positions(day)
    lines = positions_lines(institutions, group)
    totals = positions_totals(institutions)

    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        header = [_("Name"), _("Where"), _("Planned"), _("Filled"), _("Vacancies"), _("Filled, %")]
        rows = [as_line(item, group) for item in lines]
        data = [
            [r.label, r.detail, r.planned, r.filled, r.vacancies, r.filled_percent]
            for r in [*rows, totals]
        ]
        data[-1][0] = _("Total")
        return export_response(fmt, f"positions-{day.isoformat()}", header, data)

    page = paginate(request, lines)
    context = {
        "form": form,
        "group": group,
        "page": page,
        "rows": [as_line(item, group) for item in page.object_list],
        "totals": totals,
        "day": day,
        "query": query_without_page(request),
    }
    template = "network/positions.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, context)
