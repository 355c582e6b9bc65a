"""A list filter by territory: the КАТОТТГ unit and everything below it."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from .codes import subtree_q
from .forms import TerritoryField


class TerritoryFilter(django_filters.Filter):
    """Takes a КАТОТТГ code (with the name picker on the web form) and keeps the rows whose
    `field_name` lies in that unit's subtree (an index-friendly code range)."""

    field_class = TerritoryField

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(subtree_q(self.field_name, value.code))
