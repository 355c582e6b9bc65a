"""Programme figures on the dashboard: budget execution and distribution progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from suprovid import testing as t
from suprovid.programmes.models import Delivery, Expenditure, Recipient
from suprovid.programmes.tests.factories import (
    DirectionBudgetFactory,
    DirectionFactory,
    DistributionFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
PERIOD = {"from": "2025-01-01", "to": "2025-06-30"}


@pytest.fixture
def programmes(tree):
    kr = DirectionFactory(name="Продуктові набори", territory_id=t.KR_CITY)
    DirectionBudgetFactory(direction=kr, year=2025, planned=Decimal("100000.00"))
    zh = DirectionFactory(name="Житомирський напрям", territory_id=t.ZH_CITY)
    DirectionBudgetFactory(direction=zh, year=2025, planned=Decimal("5000.00"))
    service = ServiceFactory(direction=kr)
    wave = DistributionFactory(service=service, name="Хвиля 1")
    people = [t.PersonFactory() for _ in range(3)]
    for person in people:
        Recipient.objects.create(distribution=wave, person=person)
    for person in people[:2]:  # two of three came
        Delivery.objects.create(
            service=service,
            person=person,
            distribution=wave,
            delivered_on=dt.date(2025, 4, 1),
            amount=Decimal("850.00"),
        )
    Expenditure.objects.create(
        direction=kr,
        kind="payment",
        on=dt.date(2025, 5, 1),
        amount=Decimal("300.00"),
        description="Оренда зали",
    )
    return kr, wave


def test_dashboard_shows_budget_execution_and_distribution_progress(
    client, programmes, dnipro_coordinator
):
    client.force_login(dnipro_coordinator)
    figures = client.get("/reports/", PERIOD).context["programmes"]
    assert [(r["name"], r["planned"], r["spent"], r["percent"]) for r in figures["budget"]] == [
        ("Продуктові набори", Decimal("100000.00"), Decimal("2000.00"), 2.0)
    ]  # 2 × 850 delivered + 300 paid; Zhytomyr's direction is out of scope
    [wave] = figures["distributions"]
    assert (wave["name"], wave["expected"], wave["served"], wave["percent"]) == (
        "Хвиля 1",
        3,
        2,
        67,
    )


def test_dashboard_without_programmes_has_no_programme_section(client, tree, dnipro_coordinator):
    client.force_login(dnipro_coordinator)
    response = client.get("/reports/", PERIOD)
    assert response.context["programmes"] is None
    assert b"h-programmes" not in response.content
