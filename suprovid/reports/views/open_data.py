"""Open data: issues by territory unit, as a page, CSV and JSON."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from suprovid.core.exports import export_response

from .. import queries as q
from ..forms import OpenDataForm
from .common import EXPORT_FORMATS, Period, _invalid, _period, _require_dashboard, _topic_names

# The published files keep stable machine field names (the dataset's schema); the page shows
# the same columns under the reader's headings, topics by name.
OPEN_DATA_HEADER = ["territory_code", "territory_name", "topic", "month", "issues", "resolved"]


def _open_data_headings() -> list[str]:
    return [_("КАТОТТГ code"), _("Territory"), _("Topic"), _("Month"), _("Issues"), _("Resolved")]


def open_data_view(request: HttpRequest) -> HttpResponseBase:
    """Issues by territory, topic and month; no personal data; counts below 5 withheld.

    `?export=csv` (withheld cells read "<5") or `?export=json` (withheld cells are null).
    """
    _require_dashboard(request)
    period = _period(request, OpenDataForm)
    if not isinstance(period, Period):
        return _invalid(request, period, _("Open data"))
    level = period.form.cleaned_data.get("level") or 1
    rows = q.open_data(period.scope, period.date_from, period.date_to, level)
    fmt = request.GET.get("export")
    if fmt == "json":
        body = {
            "period": {"from": period.date_from.isoformat(), "to": period.date_to.isoformat()},
            "territory": period.scope.territory_code,
            "level": level,
            "suppressed_below": q.SUPPRESSION_THRESHOLD,
            "results": rows,
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="open-data.json"'
        return response

    def cells(r: dict[str, Any]) -> list[Any]:
        return [
            r["territory_code"],
            r["territory_name"],
            r["topic"],
            r["month"],
            "<5" if r["issues"] is None else r["issues"],
            "<5" if r["resolved"] is None else r["resolved"],
        ]

    if fmt in EXPORT_FORMATS:
        return export_response(fmt, "open-data", OPEN_DATA_HEADER, (cells(r) for r in rows))
    names = _topic_names()
    return render(
        request,
        "reports/open_data.html",
        {
            "form": period.form,
            "rows": [
                [*cells(r)[:2], names.get(r["topic"], r["topic"]), *cells(r)[3:]]
                for r in rows[:200]
            ],
            "count": len(rows),
            "header": _open_data_headings(),
            "threshold": q.SUPPRESSION_THRESHOLD,
            "query": urlencode({**period.query, "level": level}),
        },
    )
