"""The summary as a table, a spreadsheet and a PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _

from suprovid.core.exports import export_response

from .. import queries as q
from .common import (
    Period,
    _invalid,
    _outcome_label,
    _period,
    _require_dashboard,
    _territory_name,
    _topic_names,
)


def _summary_rows(data: dict[str, Any], *, territory_name: str) -> list[tuple[str, Any]]:
    """The summary as (figure, value) rows a reader understands: dates as dd.mm.yyyy, the
    territory and the topics by name, never their codes."""
    topic_names = _topic_names()
    rows: list[tuple[str, Any]] = [
        (_("Period from"), dt.date.fromisoformat(data["period"]["from"]).strftime("%d.%m.%Y")),
        (_("Period to"), dt.date.fromisoformat(data["period"]["to"]).strftime("%d.%m.%Y")),
        (_("Territory"), territory_name),
        (_("Appeals"), data["appeals"]),
        (_("Issues"), data["issues"]),
    ]
    rows += [
        (_("Issues on topic %(topic)s") % {"topic": topic_names.get(k, k)}, v)
        for k, v in data["issues_by_topic"].items()
    ]
    rows += [
        (_("Issues with outcome: %(outcome)s") % {"outcome": _outcome_label(k)}, v)
        for k, v in data["issues_by_outcome"].items()
    ]
    rows += [
        (_("Persons who received practical support"), data["persons_helped"]),
        (_("Veterans who received practical support"), data["veterans_helped"]),
        (_("Positions planned"), data["positions_planned"]),
        (_("Specialists"), data["specialists"]),
        (_("Specialists in healthcare facilities"), data["specialists_in_healthcare"]),
        (_("Overdue open issues"), data["overdue_open_issues"]),
    ]
    return rows


def summary_export(request: HttpRequest) -> HttpResponseBase:
    """The summary as CSV or XLSX (`?export=`), one figure a row."""
    _require_dashboard(request)
    period = _period(request)
    if not isinstance(period, Period):
        return _invalid(request, period, _("Summary"))
    data = q.summary_for_scope(period.scope, date_from=period.date_from, date_to=period.date_to)
    fmt = request.GET.get("export", "csv")
    rows = _summary_rows(data, territory_name=str(_territory_name(period.scope, request)))
    return export_response(fmt, "summary", [_("Figure"), _("Value")], rows)


def summary_pdf_view(request: HttpRequest) -> HttpResponse:
    """The summary as a one-page PDF in Ukrainian, for a press release."""
    from ..pdf import summary_pdf

    _require_dashboard(request)
    period = _period(request)
    if not isinstance(period, Period):
        return _invalid(request, period, _("Summary"))
    data = q.summary_for_scope(period.scope, date_from=period.date_from, date_to=period.date_to)
    pdf = summary_pdf(data, territory_name=_territory_name(period.scope, request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="summary-{period.date_from}-{period.date_to}.pdf"'
    )
    return response
