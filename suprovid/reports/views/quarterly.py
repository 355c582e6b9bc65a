"""The statutory quarterly report by the Classifier of citizens' appeals (CMU 858/2008)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from suprovid.core.exports import XLSX_TYPE

from .. import classifier
from .. import queries as q
from ..forms import QuarterForm
from ..scope import ReportNotFound, report_scope
from .common import _require_dashboard, _territory_name


def quarterly(request: HttpRequest) -> HttpResponse:
    """The CMU 858/2008 form for a quarter, as XLSX (a form page without params)."""
    _require_dashboard(request)
    form = QuarterForm(request.GET or None)
    if not form.is_bound or not form.is_valid():
        return render(
            request, "reports/quarterly.html", {"form": form}, status=400 if form.is_bound else 200
        )
    territory = form.cleaned_data.get("territory")
    try:
        scope = report_scope(territory_code=territory.pk if territory else None, user=request.user)
    except ReportNotFound as exc:
        raise Http404 from exc
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    start, end = q.quarter_bounds(year, quarter)
    data = classifier.quarterly(scope, start, end)
    workbook = classifier.quarterly_xlsx(
        data, territory_name=str(_territory_name(scope, request)), year=year, quarter=quarter
    )
    response = HttpResponse(workbook, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="appeals-{year}-q{quarter}.xlsx"'
    return response
