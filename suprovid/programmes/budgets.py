"""Budget execution per direction and year, aggregated in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import Delivery, Direction, DirectionBudget, Expenditure, ExpenditureKind

_MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal("0.00")


def _sum(qs: QuerySet[Any], group: str, field: str) -> Coalesce:
    total = qs.order_by().values(group).annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total, output_field=_MONEY), Value(ZERO), output_field=_MONEY)


def with_budget(directions: QuerySet[Direction], year: int) -> QuerySet[Direction]:
    """Annotate `planned`, `delivered`, `paid`, `committed` for `year` (one query)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    planned = DirectionBudget.objects.filter(direction=OuterRef("pk"), year=year).values("planned")[
        :1
    ]
    delivered = Delivery.objects.filter(
        service__direction=OuterRef("pk"), delivered_on__gte=start, delivered_on__lte=end
    )
    other = Expenditure.objects.filter(direction=OuterRef("pk"), on__gte=start, on__lte=end)
    return directions.annotate(
        planned=Coalesce(Subquery(planned, output_field=_MONEY), Value(ZERO), output_field=_MONEY),
        delivered=_sum(delivered, "service__direction", "amount"),
        paid=_sum(other.filter(kind=ExpenditureKind.PAYMENT), "direction", "amount"),
        committed=_sum(other.filter(kind=ExpenditureKind.COMMITMENT), "direction", "amount"),
    )


@dataclass
class BudgetLine:
    """One direction's year: what was planned, committed and spent."""

    direction: Direction
    planned: Decimal
    delivered: Decimal
    paid: Decimal
    committed: Decimal

    @property
    def spent(self) -> Decimal:
        return self.delivered + self.paid

    @property
    def execution_percent(self) -> Decimal | None:
        if not self.planned:
            return None
        return (self.spent * 100 / self.planned).quantize(Decimal("0.1"))

    @property
    def over_budget(self) -> bool:
        """Spent more than planned."""
        return self.spent > self.planned

    @property
    def at_risk(self) -> bool:
        """Spent plus committed exceed the plan (not yet over, but will be)."""
        return not self.over_budget and self.spent + self.committed > self.planned

    @property
    def available(self) -> Decimal:
        return self.planned - self.spent - self.committed


def budget_lines(directions: QuerySet[Direction], year: int) -> list[BudgetLine]:
    return [
        BudgetLine(d, d.planned, d.delivered, d.paid, d.committed)  # type: ignore[attr-defined]
        for d in with_budget(directions, year)
    ]


def budget_total(lines: list[BudgetLine]) -> BudgetLine | None:
    if not lines:
        return None
    return BudgetLine(
        Direction(name=""),
        sum((line.planned for line in lines), ZERO),
        sum((line.delivered for line in lines), ZERO),
        sum((line.paid for line in lines), ZERO),
        sum((line.committed for line in lines), ZERO),
    )
