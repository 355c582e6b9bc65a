"""Report pages: the coordinator's dashboard, drill-down lists, statutory and open data.

Every page is for coordinators and administrators (others get 404), counts only the
user's scope (`suprovid.reports.scope`), and every list and table downloads as CSV and
XLSX through `suprovid.core.exports` (formulas neutralised).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from suprovid.appeals.models import (
    Appeal,
    Issue,
    Outcome,
)
from suprovid.cases.models import CASELOAD_NORM, SupportCase
from suprovid.core.exports import XLSX_TYPE, export_response
from suprovid.core.http import id_param
from suprovid.core.pagination import paginate, query_without_page
from suprovid.people.models import Person
from suprovid.topics.models import Topic

from . import classifier
from . import queries as q
from .forms import OpenDataForm, PeriodForm, QuarterForm
from .params import ParamError
from .scope import ReportNotFound, ReportScope, can_use_dashboard, report_scope

EXPORT_FORMATS = ("csv", "xlsx")


def parse_level(value: str | None) -> int:
    """Open-data territory level: 1 oblast (default), 2 raion, 3 hromada."""
    if value in (None, ""):
        return 1
    try:
        level = int(str(value))
    except ValueError:
        level = 0
    if level not in q.LEVEL_PREFIX:
        raise ParamError({"level": _("Level is 1 (oblast), 2 (raion) or 3 (hromada).")})
    return level


@dataclass
class Period:
    form: PeriodForm
    scope: ReportScope
    date_from: dt.date
    date_to: dt.date

    @property
    def query(self) -> dict[str, str]:
        """The period as query parameters, for links to drill-down lists."""
        params = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}
        if self.scope.territory_code:
            params["territory"] = self.scope.territory_code
        return params

    def url(self, name: str, **extra: Any) -> str:
        return reverse(name) + "?" + urlencode({**self.query, **extra})


def _require_dashboard(request: HttpRequest) -> None:
    if not can_use_dashboard(request.user):
        raise Http404


def _period(request: HttpRequest, form_class: type[PeriodForm] = PeriodForm) -> Period | PeriodForm:
    """The validated period and scope, or the bound form with its errors.

    A territory outside the user's scope is a 404, like any object outside it.
    """
    form = form_class(request.GET)
    if not form.is_valid():
        return form
    territory = form.cleaned_data.get("territory")
    try:
        scope = report_scope(territory_code=territory.pk if territory else None, user=request.user)
    except ReportNotFound as exc:
        raise Http404 from exc
    return Period(form, scope, form.cleaned_data["date_from"], form.cleaned_data["date_to"])


def _invalid(request: HttpRequest, form: PeriodForm, title: str) -> HttpResponse:
    return render(request, "reports/invalid.html", {"form": form, "title": title}, status=400)


def _topic_names() -> dict[str, str]:
    """First-level topic names in the reader's language, by code (one query)."""
    return dict(
        Topic.objects.filter(parent__isnull=True).values_list(
            "code", "name_en" if _lang_en() else "name_uk"
        )
    )


def _territory_name(scope: ReportScope, request: HttpRequest) -> str:
    if scope.territory is not None:
        return scope.territory.name
    user: Any = request.user
    if user.sees_everything:
        return _("All territories")
    if user.territory_id:
        return str(user.territory.name)
    return str(user.institution or "")


# --- dashboard ----------------------------------------------------------------------


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
    caseload = q.caseload(period.scope)
    for row in caseload:
        row["url"] = period.url("reports:cases", specialist=row["specialist_id"])
    positions = q.positions_by_institution(period.scope, period.date_to)
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
            "labels": [r["name"] for r in caseload[:40]],
            "values": [r["open_cases"] for r in caseload[:40]],
            "urls": [r["url"] for r in caseload[:40]],
            "norm": CASELOAD_NORM,
        },
        "positions": {
            "labels": [r["name"] for r in positions[:40]],
            "planned": [r["planned"] for r in positions[:40]],
            "filled": [r["filled"] for r in positions[:40]],
            "urls": [r["url"] for r in positions[:40]],
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
            "labels": [r["name"] for r in programmes["budget"][:40]],
            "planned": [float(r["planned"]) for r in programmes["budget"][:40]],
            "spent": [float(r["spent"]) for r in programmes["budget"][:40]],
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


def _reverse_or_none(name: str, pk: int) -> str | None:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


def _lang_en() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "uk").startswith("en")


def _outcome_label(key: str) -> str:
    if key == q.OPEN:
        return _("open or in progress")
    return str(Outcome(key).label)


# --- the summary as a table, a spreadsheet and a PDF ------------------------------------


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
    from .pdf import summary_pdf

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


# --- drill-down lists ---------------------------------------------------------------


def _list_response(
    request: HttpRequest,
    *,
    period: Period,
    title: str,
    queryset: QuerySet[Any, Any] | Sequence[Any],
    header: Sequence[str],
    row: Callable[[Any], Sequence[Any]],
    filename: str,
    links: Callable[[Any], str | None] | None = None,
    link_label: str | None = None,
) -> HttpResponseBase:
    """A paginated table of `queryset`, or all of it as CSV/XLSX with `?export=`."""
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        items: Iterable[Any] = (
            queryset.iterator(chunk_size=2000) if isinstance(queryset, QuerySet) else queryset
        )
        return export_response(fmt, filename, header, (row(item) for item in items))
    page = paginate(request, queryset)  # type: ignore[arg-type]
    rows = [(row(item), links(item) if links else None) for item in page]
    query = query_without_page(request)
    return render(
        request,
        "reports/list.html",
        {
            "title": title,
            "header": header,
            "rows": rows,
            "page": page,
            "query": query,
            "period": period,
            "territory_name": _territory_name(period.scope, request),
            "dashboard_url": period.url("reports:dashboard"),
            "link_label": link_label or _("List"),
            "csv_url": "?" + urlencode({**request.GET.dict(), "export": "csv"}),
            "xlsx_url": "?" + urlencode({**request.GET.dict(), "export": "xlsx"}),
        },
    )


def _month_bounds(period: Period, month: str) -> tuple[dt.date, dt.date]:
    try:
        start = dt.datetime.strptime(month, "%Y-%m").date()
    except ValueError as exc:
        raise Http404 from exc
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return max(start, period.date_from), min(end, period.date_to)


def appeals_list(request: HttpRequest) -> HttpResponseBase:
    """Appeals received in the period (optionally one month of it): what "appeals" counts."""
    _require_dashboard(request)
    period = _period(request)
    if not isinstance(period, Period):
        return _invalid(request, period, _("Appeals"))
    start, end = period.date_from, period.date_to
    if request.GET.get("month"):
        start, end = _month_bounds(period, request.GET["month"])
    qs = (
        Appeal.objects.visible_to(request.user)
        .filter(q.appeals_in_period(period.scope, start, end))
        .select_related("institution", "applicant")
        .order_by("received_on", "id")
    )
    return _list_response(
        request,
        period=period,
        title=_("Appeals received"),
        queryset=qs,
        header=[
            _("Number"),
            _("Received on"),
            _("Institution"),
            _("Channel"),
            _("Type"),
            _("Applicant"),
        ],
        row=lambda a: [
            a.number,
            a.received_on,
            a.institution.name,
            a.get_channel_display(),
            a.get_appeal_type_display(),
            a.applicant.full_name,
        ],
        filename="appeals",
        links=lambda a: reverse("appeals:detail", args=[a.pk]),
        link_label=_("Open the appeal"),
    )


def issues_list(request: HttpRequest) -> HttpResponseBase:
    """Issues of the period, by topic or outcome; or the overdue open issues (`overdue=1`)."""
    _require_dashboard(request)
    period = _period(request)
    if not isinstance(period, Period):
        return _invalid(request, period, _("Issues"))
    base = Issue.objects.visible_to(request.user)
    title = _("Issues")
    if request.GET.get("overdue"):
        qs = base.filter(q.overdue_at(period.scope, q.reference_day(period.date_to)))
        title = _("Overdue open issues")
    elif request.GET.get("outcome"):
        outcome = request.GET["outcome"]
        if outcome not in q.OUTCOME_KEYS:
            raise Http404
        qs = base.filter(
            q.issues_with_outcome(period.scope, period.date_from, period.date_to, outcome)
        )
        title = _("Issues with outcome: %(outcome)s") % {"outcome": _outcome_label(outcome)}
    else:
        qs = base.filter(q.issues_in_period(period.scope, period.date_from, period.date_to))
    if request.GET.get("topic"):
        code = request.GET["topic"]
        qs = qs.filter(topic_group=code)
        topic = Topic.objects.filter(code=code, parent__isnull=True).first()
        title += " · " + (str(topic) if topic else code)
    qs = qs.select_related("appeal", "topic", "person", "institution", "assignee").order_by(
        "received_on", "id"
    )
    return _list_response(
        request,
        period=period,
        title=title,
        queryset=qs,
        header=[
            _("Appeal"),
            _("Received on"),
            _("Topic"),
            _("Person"),
            _("Institution"),
            _("Responsible"),
            _("Due on"),
            _("Status"),
            _("Outcome"),
            _("Closed on"),
        ],
        row=lambda i: [
            i.appeal.number,
            i.received_on,
            str(i.topic),
            i.person.full_name,
            i.institution.name,
            str(i.assignee or ""),
            i.due_on,
            i.get_status_display(),
            i.get_outcome_display(),
            i.closed_on,
        ],
        filename="issues",
        links=lambda i: reverse("appeals:detail", args=[i.appeal_id]),
        link_label=_("Open the appeal"),
    )


def helped_list(request: HttpRequest) -> HttpResponseBase:
    """Persons (or, with `veterans=1`, veterans) who received practical support."""
    _require_dashboard(request)
    period = _period(request)
    if not isinstance(period, Period):
        return _invalid(request, period, _("Persons helped"))
    helped = Issue.objects.filter(
        q.resolved_in_period(period.scope, period.date_from, period.date_to)
    ).values("person_id")
    qs = Person.objects.visible_to(request.user).filter(pk__in=helped)
    title = _("Persons who received practical support")
    if request.GET.get("veterans"):
        qs = qs.filter(pk__in=q.veteran_person_ids(period.date_from, period.date_to))
        title = _("Veterans who received practical support")
    return _list_response(
        request,
        period=period,
        title=title,
        queryset=qs.order_by("last_name", "first_name", "id"),
        header=[_("Last name"), _("First name"), _("Patronymic"), _("Birth date")],
        row=lambda p: [p.last_name, p.first_name, p.patronymic, p.birth_date],
        filename="persons-helped",
    )


def cases_list(request: HttpRequest) -> HttpResponseBase:
    """Open support cases of one specialist: what the caseload chart counts."""
    _require_dashboard(request)
    period = _period(request)
    if not isinstance(period, Period):
        return _invalid(request, period, _("Cases"))
    qs = SupportCase.objects.visible_to(request.user).filter(
        period.scope.q("institution__territory", "institution_id"), status="open"
    )
    if request.GET.get("specialist"):
        qs = qs.filter(specialist_id=id_param(request.GET["specialist"]))
    qs = qs.select_related("primary_person", "institution", "specialist").order_by(
        "opened_on", "id"
    )
    return _list_response(
        request,
        period=period,
        title=_("Open support cases"),
        queryset=qs,
        header=[_("Veteran or defender"), _("Institution"), _("Specialist"), _("Opened on")],
        row=lambda c: [
            c.primary_person.full_name,
            c.institution.name,
            str(c.specialist or ""),
            c.opened_on,
        ],
        filename="cases",
    )


def specialists_list(request: HttpRequest) -> HttpResponseBase:
    """Specialist posts active at the end of the period (of one institution, or healthcare)."""
    _require_dashboard(request)
    period = _period(request)
    if not isinstance(period, Period):
        return _invalid(request, period, _("Specialists"))
    qs = q.specialists_active(period.scope, period.date_to).filter(
        institution__in=_visible_institutions(request)
    )
    if request.GET.get("institution"):
        qs = qs.filter(institution_id=id_param(request.GET["institution"]))
    if request.GET.get("healthcare"):
        qs = qs.filter(institution__kind="healthcare")
    qs = qs.select_related("institution").order_by("institution__name", "full_name", "id")
    return _list_response(
        request,
        period=period,
        title=_("Specialists at the end of the period"),
        queryset=qs,
        header=[_("Specialist"), _("E-mail"), _("Institution"), _("Works from"), _("Works until")],
        row=lambda s: [s.full_name, s.email, s.institution.name, s.active_from, s.active_to],
        filename="specialists",
    )


def _visible_institutions(request: HttpRequest) -> QuerySet[Any, Any]:
    from suprovid.network.models import Institution

    return Institution.objects.visible_to(request.user)


def caseload_export(request: HttpRequest) -> HttpResponseBase:
    _require_dashboard(request)
    period = _period(request)
    if not isinstance(period, Period):
        return _invalid(request, period, _("Caseload"))
    rows = q.caseload(period.scope)
    return _list_response(
        request,
        period=period,
        title=_("Caseload per specialist"),
        queryset=rows,
        header=[_("Specialist"), _("Open cases"), _("Over the norm")],
        row=lambda r: [r["name"], r["open_cases"], _("yes") if r["over_norm"] else _("no")],
        filename="caseload",
        links=lambda r: period.url("reports:cases", specialist=r["specialist_id"]),
    )


def positions_export(request: HttpRequest) -> HttpResponseBase:
    _require_dashboard(request)
    period = _period(request)
    if not isinstance(period, Period):
        return _invalid(request, period, _("Positions"))
    rows = q.positions_by_institution(period.scope, period.date_to)
    return _list_response(
        request,
        period=period,
        title=_("Positions planned and filled by institution"),
        queryset=rows,
        header=[
            _("Institution"),
            _("Code"),
            _("Positions planned"),
            _("Positions filled"),
            _("Vacant"),
        ],
        row=lambda r: [r["name"], r["code"], r["planned"], r["filled"], r["vacant"]],
        filename="positions",
        links=lambda r: period.url("reports:specialists", institution=r["pk"]),
    )


# --- statutory quarterly report --------------------------------------------------------


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


# --- open data ----------------------------------------------------------------------

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
