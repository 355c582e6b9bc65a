"""The coordinator's dashboard: the summary for a territory and period, its charts and their drill-
down links."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from suprovid.cases.models import CASELOAD_NORM

from .. import queries as q
from .common import (
    Period,
    _outcome_label,
    _period,
    _require_dashboard,
    _reverse_or_none,
    _territory_name,
    _topic_names,
)

DASHBOARD_ROWS = 40


def dashboard(request: HttpRequest) -> HttpResponse:
    """Headline figures, charts and tables for a period and territory."""
    _require_dashboard(request)
    period = _period(request)
    if not isinstance(period, Period):
        return render(request, "reports/dashboard.html", {"form": period}, status=400)
    data = q.summary_for_scope(period.scope, date_from=period.date_from, date_to=period.date_to)
    topic_names = _topic_names()
    topics = [
        {
            "key": k,
            "label": topic_names.get(k, k),
            "n": n,
            "url": period.url("reports:issues", topic=k),
        }
        for k, n in data["issues_by_topic"].items()
    ]
    outcomes = [
        {
            "key": k,
            "label": _outcome_label(k),
            "n": n,
            "url": period.url("reports:issues", outcome=k),
        }
        for k, n in data["issues_by_outcome"].items()
    ]
    months = [
        {
            "label": m.strftime("%m.%Y"),
            "n": n,
            "url": period.url("reports:appeals", month=m.strftime("%Y-%m")),
        }
        for m, n in q.appeals_per_month(period.scope, period.date_from, period.date_to)
    ]
    # The charts and their tables (the charts' accessible text) show the first rows; the
    # whole lists are the CSV/XLSX exports (2,300 specialists and 1,500 institutions for
    # the country would be an 800 KB page).
    caseload_all = q.caseload(period.scope)
    caseload = caseload_all[:DASHBOARD_ROWS]
    for row in caseload:
        row["url"] = period.url("reports:cases", specialist=row["specialist_id"])
    positions_all = q.positions_by_institution(period.scope, period.date_to)
    positions = positions_all[:DASHBOARD_ROWS]
    for row in positions:
        row["url"] = period.url("reports:specialists", institution=row["pk"])
    programmes = q.programme_figures(period.scope, period.date_from, period.date_to)
    charts = {
        # `urls`: clicking a bar, point or slice opens the list behind it (dashboard.js).
        "months": {
            "labels": [m["label"] for m in months],
            "values": [m["n"] for m in months],
            "urls": [m["url"] for m in months],
        },
        "topics": {
            "labels": [t["label"] for t in topics],
            "values": [t["n"] for t in topics],
            "urls": [t["url"] for t in topics],
        },
        "outcomes": {
            "labels": [o["label"] for o in outcomes],
            "values": [o["n"] for o in outcomes],
            "urls": [o["url"] for o in outcomes],
        },
        "caseload": {
            "labels": [r["name"] for r in caseload],
            "values": [r["open_cases"] for r in caseload],
            "urls": [r["url"] for r in caseload],
            "norm": CASELOAD_NORM,
        },
        "positions": {
            "labels": [r["name"] for r in positions],
            "planned": [r["planned"] for r in positions],
            "filled": [r["filled"] for r in positions],
            "urls": [r["url"] for r in positions],
        },
    }
    if programmes:
        for row in programmes["budget"]:
            row["url"] = _reverse_or_none("programmes:direction_detail", row["pk"])
        for row in programmes["distributions"]:
            row["url"] = _reverse_or_none("programmes:distribution_detail", row["pk"])
            row["percent"] = (
                round(100 * row["served"] / row["expected"]) if row["expected"] else None
            )
        charts["budget"] = {
            "labels": [r["name"] for r in programmes["budget"]],
            "planned": [float(r["planned"]) for r in programmes["budget"]],
            "spent": [float(r["spent"]) for r in programmes["budget"]],
        }
    context = {
        "form": period.form,
        "period": period,
        "data": data,
        "territory_name": _territory_name(period.scope, request),
        "topics": topics,
        "outcomes": outcomes,
        "months": months,
        "caseload": caseload,
        "caseload_norm": CASELOAD_NORM,
        "positions": positions,
        "caseload_total": len(caseload_all),
        "positions_total": len(positions_all),
        "programmes": programmes,
        "charts": charts,
        "labels": {
            "appeals": _("Appeals"),
            "issues": _("Issues"),
            "open_cases": _("Open cases"),
            "norm": _("Norm"),
            "planned": _("Positions planned"),
            "filled": _("Positions filled"),
            "budget_planned": _("Planned, UAH"),
            "budget_spent": _("Spent, UAH"),
        },
        "links": {
            "appeals": period.url("reports:appeals"),
            "issues": period.url("reports:issues"),
            "helped": period.url("reports:helped"),
            "veterans": period.url("reports:helped", veterans=1),
            "overdue": period.url("reports:issues", overdue=1),
            "specialists": period.url("reports:specialists"),
            "healthcare": period.url("reports:specialists", healthcare=1),
            "summary_csv": period.url("reports:summary", export="csv"),
            "summary_xlsx": period.url("reports:summary", export="xlsx"),
            "summary_pdf": period.url("reports:summary_pdf"),
            "caseload_csv": period.url("reports:caseload", export="csv"),
            "caseload_xlsx": period.url("reports:caseload", export="xlsx"),
            "positions_csv": period.url("reports:positions", export="csv"),
            "positions_xlsx": period.url("reports:positions", export="xlsx"),
            "open_data": period.url("reports:open_data"),
            "quarterly": reverse("reports:quarterly"),
        },
    }
    return render(request, "reports/dashboard.html", context)
