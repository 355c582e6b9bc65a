"""The support-case list's filters, declared once (`suprovid.core.filters`): the web list
and `GET /api/v1/cases/` use `CaseFilter`."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from suprovid.core.filters import ListFilterSet
from suprovid.people.models import Person

from .models import CaseStatus, SupportCase


class CaseFilter(ListFilterSet):
    """A status (the web list opens on open cases, `CaseFilter.web_defaults`), "mine", and
    the person's name; newest first."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CaseStatus.choices, empty_label=_("any")
    )
    mine = django_filters.BooleanFilter(label=_("Mine"), method="filter_mine", widget=BooleanWidget)
    q = django_filters.CharFilter(label=_("Person's name"), method="filter_q")

    class Meta(ListFilterSet.Meta):
        model = SupportCase
        fields: list[str] = []

    @staticmethod
    def web_defaults(data: Any) -> Any:
        data = data.copy()
        data.setdefault("status", CaseStatus.OPEN)
        return data

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        filtered: QuerySet[Any] = super().filter_queryset(queryset)
        return filtered.order_by("-opened_on", "-id")

    def filter_mine(self, qs: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        return qs.filter(specialist=self.user) if value else qs

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        q = value.strip()[:100]
        if not q:
            return qs
        found = Person.objects.search(q).values("pk")
        return qs.filter(primary_person__in=found)
