"""The base of every list's FilterSet (django-filter): one declaration serves the web filter
form, the API's query parameters and the list's CSV/XLSX export.

A list's FilterSet is built over a queryset that is already scoped (`visible_to(user)`), so
filters only narrow what the user may see. Invalid values are shown on the web form with
their message while the valid filters still apply; through the API they answer 400 with the
field's message (django-filter's DRF backend).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import StyledForm
from .models import AuditEntry


class ListFilterSet(django_filters.FilterSet):
    """Bootstrap-styled form; `user` is the request's user (or None without a request)."""

    class Meta:
        form = StyledForm

    @property
    def user(self) -> Any:
        return getattr(self.request, "user", None)

    @property
    def values(self) -> dict[str, Any]:
        """The valid values (for a template that shows what is applied)."""
        self.is_valid()
        return getattr(self.form, "cleaned_data", {})


class AuditFilterFormBase(StyledForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class AuditEntryFilter(ListFilterSet):
    """The audit log's filters (page and export). Unlike the other lists, a filter that is
    not valid shows no entries at all: an auditor must not read a wrong answer as complete."""

    actor = django_filters.CharFilter(
        label=_("Who (e-mail)"), max_length=254, method="filter_actor"
    )
    action = django_filters.CharFilter(
        label=_("Action code"),
        max_length=64,
        help_text=_("e.g. person.viewed"),
        method="filter_action",
    )
    object_type = django_filters.CharFilter(
        label=_("Object type"),
        max_length=64,
        help_text=_("e.g. people.person"),
        method="filter_object_type",
    )
    object_id = django_filters.CharFilter(
        label=_("Object id"), max_length=64, method="filter_object_id"
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        method="filter_date_from",
    )
    date_to = django_filters.DateFilter(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}), method="filter_date_to"
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []
        form = AuditFilterFormBase

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.is_bound and not self.form.is_valid():
            return queryset.none()
        filtered: QuerySet[Any] = super().filter_queryset(queryset)
        return filtered

    def filter_actor(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(actor_repr__icontains=value.strip())

    def filter_action(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        action = value.strip()
        # "person" or "person." finds every person.* action
        if "." in action.rstrip("."):
            return qs.filter(action=action)
        return qs.filter(action__startswith=action.rstrip(".") + ".")

    def filter_object_type(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(object_type=value.strip().lower())

    def filter_object_id(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(object_id=value.strip())

    def filter_date_from(self, qs: QuerySet[Any], name: str, value: dt.date) -> QuerySet[Any]:
        return qs.filter(at__gte=_day_start(value))

    def filter_date_to(self, qs: QuerySet[Any], name: str, value: dt.date) -> QuerySet[Any]:
        if value >= dt.date.max:  # the last day has no day after
            return qs
        return qs.filter(at__lt=_day_start(value + dt.timedelta(days=1)))
