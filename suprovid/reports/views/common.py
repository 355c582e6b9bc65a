"""What the report pages share: the level and period parameters, the dashboard guard, names of
topics, territories and outcomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from suprovid.appeals.models import (
    Outcome,
)
from suprovid.topics.models import Topic

from .. import queries as q
from ..forms import PeriodForm
from ..params import ParamError
from ..scope import ReportNotFound, ReportScope, can_use_dashboard, report_scope

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


def _visible_institutions(request: HttpRequest) -> QuerySet[Any, Any]:
    from suprovid.network.models import Institution

    return Institution.objects.visible_to(request.user)
