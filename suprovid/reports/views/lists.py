"""Drill-down lists behind the figures (appeals, issues, persons helped, cases, specialists) and
the caseload and positions exports."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from suprovid.appeals.models import (
    Appeal,
    Issue,
)
from suprovid.cases.models import SupportCase
from suprovid.core.exports import export_response
from suprovid.core.http import id_param
from suprovid.core.pagination import paginate, query_without_page
from suprovid.people.models import Person
from suprovid.topics.models import Topic

from .. import queries as q
from .common import (
    EXPORT_FORMATS,
    Period,
    _invalid,
    _outcome_label,
    _period,
    _require_dashboard,
    _territory_name,
    _visible_institutions,
)


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
