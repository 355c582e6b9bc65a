"""Programme lists' filters, declared once (`suprovid.core.filters`): the page and its export."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from suprovid.core.filters import ListFilterSet

from .models import Recipient


class RecipientFilter(ListFilterSet):
    """A wave's recipients: everyone, those who collected, those still waiting (the list is
    annotated with `issued`)."""

    status = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[("waiting", _("not collected yet")), ("issued", _("collected"))],
        empty_label=_("everyone on the list"),
        method="filter_status",
    )

    class Meta(ListFilterSet.Meta):
        model = Recipient
        fields: list[str] = []

    def filter_status(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(issued=value == "issued")
