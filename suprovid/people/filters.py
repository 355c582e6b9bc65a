"""The people list's search, filters and sort, declared once (`suprovid.core.filters`): the
web list, its CSV/XLSX export and `GET /api/v1/persons/` use the same `PersonFilter`."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suprovid.core.filters import ListFilterSet
from suprovid.territory.filters import TerritoryFilter

from .models import Person, PersonQuerySet, PersonStatus, StatusCode

# Name orders go through `PersonQuerySet.in_name_order` (the index-friendly shapes, issue 13).
SORTS: dict[str, tuple[Any, ...]] = {
    "birth_date": ("birth_date", "id"),
    "-birth_date": ("-birth_date", "-id"),
    "-created": ("-created_at", "-id"),
}


class PersonFilter(ListFilterSet):
    """One search box (any part of the name in Cyrillic or Latin, РНОКПП, phone), a status,
    a territory (abolished units too, to find records still pointing to them) and the sort.
    `search` is the API's name for the box (contract.md)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Name (Cyrillic or Latin), РНОКПП or phone"),
                "autocomplete": "off",
            }
        ),
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("legal status", "Status"),
        choices=StatusCode.choices,
        empty_label=_("any status"),
        method="filter_status",
    )
    territory = TerritoryFilter(label=_("Territory"), field_name="territory", allow_abolished=True)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("name", _("name A–Я")),
            ("-name", _("name Я–A")),
            ("birth_date", _("oldest first")),
            ("-birth_date", _("youngest first")),
            ("-created", _("recently registered")),
        ],
        empty_label=None,
        method="filter_sort",
    )

    class Meta(ListFilterSet.Meta):
        model = Person
        fields: list[str] = []

    def search_text(self) -> str:
        values = self.form.cleaned_data
        return (values.get("q") or values.get("search") or "").strip()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        qs = cast(PersonQuerySet, super().filter_queryset(queryset))
        if not self.form.cleaned_data.get("sort"):
            qs = qs.in_name_order(search=self.search_text())
        return qs

    def filter_search(self, qs: PersonQuerySet, name: str, value: str) -> PersonQuerySet:
        value = value.strip()
        return qs.search(value) if value else qs

    def filter_status(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Exists(PersonStatus.objects.filter(person=OuterRef("pk"), code=value)))

    def filter_sort(self, qs: PersonQuerySet, name: str, value: str) -> PersonQuerySet:
        if value in ("name", "-name"):
            return qs.in_name_order(search=self.search_text(), descending=value == "-name")
        return qs.order_by(*SORTS[value])


class PersonApiFilter(PersonFilter):
    """`GET /api/v1/persons/?search=TEXT` (contract.md), with the web list's other filters."""

    search = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text="name parts in any case, Cyrillic or Latin; РНОКПП; phone",
    )
