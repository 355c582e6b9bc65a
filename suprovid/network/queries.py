"""Read-only aggregates of the network: positions planned vs filled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum

from .models import InstitutionKind, InstitutionQuerySet


@dataclass(frozen=True)
class PositionsLine:
    """One line of the positions table: an institution, a territory or a kind."""

    label: str
    detail: str
    planned: int
    filled: int

    @property
    def vacancies(self) -> int:
        return max(self.planned - self.filled, 0)

    @property
    def filled_percent(self) -> float | None:
        return round(100 * self.filled / self.planned, 1) if self.planned else None


def positions_totals(institutions: InstitutionQuerySet) -> PositionsLine:
    """`institutions` annotated by `with_positions`; one query."""
    sums = institutions.aggregate(planned_sum=Sum("planned"), filled_sum=Sum("filled"))
    return PositionsLine("", "", sums["planned_sum"] or 0, sums["filled_sum"] or 0)


def positions_lines(institutions: InstitutionQuerySet, group: str) -> Any:
    """Institutions (a queryset to paginate) or groups summed in the database."""
    if group == "territory":
        return (
            institutions.order_by()
            .values("territory_id", "territory__name", "territory__category")
            .annotate(planned_sum=Sum("planned"), filled_sum=Sum("filled"))
            .order_by("territory__name", "territory_id")
        )
    if group == "kind":
        return (
            institutions.order_by()
            .values("kind")
            .annotate(planned_sum=Sum("planned"), filled_sum=Sum("filled"))
            .order_by("kind")
        )
    return institutions.select_related("territory__parent").order_by("name", "code")


def as_line(item: Any, group: str) -> PositionsLine:
    """A row of `positions_lines` as a `PositionsLine` (no queries)."""
    if group == "territory":
        from suprovid.territory.models import Category

        return PositionsLine(
            item["territory__name"],
            f"{Category(item['territory__category']).label} · {item['territory_id']}",
            item["planned_sum"] or 0,
            item["filled_sum"] or 0,
        )
    if group == "kind":
        return PositionsLine(
            str(InstitutionKind(item["kind"]).label),
            "",
            item["planned_sum"] or 0,
            item["filled_sum"] or 0,
        )
    territory = item.territory
    detail = territory.name + (f", {territory.parent.name}" if territory.parent_id else "")
    return PositionsLine(item.name, detail, item.planned, item.filled)


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
