"""Factories for programmes tests. Synthetic data only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from suprovid.programmes.models import (
    Course,
    Direction,
    DirectionBudget,
    Distribution,
    Event,
    LimitPeriod,
    Service,
)
from suprovid.testing import KR_CITY


class DirectionFactory(factory.django.DjangoModelFactory[Direction]):
    class Meta:
        model = Direction

    name = factory.Sequence(lambda n: f"Напрям підтримки № {n}")
    territory_id = KR_CITY


class DirectionBudgetFactory(factory.django.DjangoModelFactory[DirectionBudget]):
    class Meta:
        model = DirectionBudget

    direction = factory.SubFactory(DirectionFactory)
    year = 2025
    planned = Decimal("100000.00")


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    class Meta:
        model = Service

    direction = factory.SubFactory(DirectionFactory)
    name = factory.Sequence(lambda n: f"Послуга № {n}")
    unit = "шт."
    unit_cost = Decimal("850.00")
    qualifying_statuses = factory.LazyFunction(list)
    limit_period = LimitPeriod.NONE
    limit_quantity = None


class DistributionFactory(factory.django.DjangoModelFactory[Distribution]):
    class Meta:
        model = Distribution

    service = factory.SubFactory(
        ServiceFactory, limit_period=LimitPeriod.DISTRIBUTION, limit_quantity=1
    )
    name = factory.Sequence(lambda n: f"Хвиля продуктових наборів № {n}")
    starts_on = dt.date(2025, 3, 31)
    ends_on = dt.date(2025, 4, 30)
    places = "ЦНАП «Віза», пр. Металургів, 36\nСаксаганський район, вул. Героїв, 1"


class EventFactory(factory.django.DjangoModelFactory[Event]):
    class Meta:
        model = Event

    direction = factory.SubFactory(DirectionFactory)
    name = factory.Sequence(lambda n: f"Ігри ветеранських родин № {n}")
    starts_on = dt.date(2025, 6, 1)
    ends_on = dt.date(2025, 6, 3)
    capacity = 10


class CourseFactory(factory.django.DjangoModelFactory[Course]):
    class Meta:
        model = Course

    direction = factory.SubFactory(DirectionFactory)
    name = factory.Sequence(lambda n: f"ІТ-перекваліфікація, група {n}")
    starts_on = dt.date(2025, 9, 1)
    ends_on = dt.date(2025, 12, 20)
    sessions = 40
    capacity = 20
