"""Limits hold whatever happened before: a limit added or changed after deliveries counts
those deliveries, and delivery dates are bounded (not in the future, not 1900, in the wave)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from suprovid.core.audit import snapshot
from suprovid.programmes.models import Delivery, LimitPeriod
from suprovid.programmes.services import LimitExceeded, catalogue_save, delivery_record
from suprovid.testing import PersonFactory

from .factories import DistributionFactory, ServiceFactory

ON = dt.date(2025, 4, 1)


def _set_limit(actor, service, quantity, period):
    before = snapshot(service)
    service.limit_quantity, service.limit_period = quantity, period
    catalogue_save(actor=actor, obj=service, before=before, expected_version=service.version)


def test_a_yearly_limit_added_after_two_deliveries_refuses_a_third(tree, manager):
    service = ServiceFactory(limit_period=LimitPeriod.NONE, limit_quantity=None)
    person = PersonFactory()
    for day in (ON, ON + dt.timedelta(days=1)):
        delivery_record(actor=manager, service=service, person=person, delivered_on=day)

    _set_limit(manager, service, 1, LimitPeriod.YEAR)

    with pytest.raises(LimitExceeded):
        delivery_record(actor=manager, service=service, person=person, delivered_on=ON)
    assert Delivery.objects.filter(person=person).count() == 2


def test_lowering_a_limit_with_counters_in_use_refuses_the_next_delivery(tree, manager):
    service = ServiceFactory(limit_period=LimitPeriod.YEAR, limit_quantity=3)
    person = PersonFactory()
    for _ in range(2):
        delivery_record(actor=manager, service=service, person=person, delivered_on=ON)

    _set_limit(manager, service, 2, LimitPeriod.YEAR)

    with pytest.raises(LimitExceeded):
        delivery_record(actor=manager, service=service, person=person, delivered_on=ON)


def test_changing_the_period_counts_the_deliveries_already_made(tree, manager):
    service = ServiceFactory(limit_period=LimitPeriod.YEAR, limit_quantity=1)
    person = PersonFactory()
    delivery_record(actor=manager, service=service, person=person, delivered_on=ON)

    _set_limit(manager, service, 1, LimitPeriod.EVER)

    with pytest.raises(LimitExceeded):
        delivery_record(
            actor=manager, service=service, person=person, delivered_on=dt.date(2026, 1, 5)
        )


@pytest.mark.parametrize(
    "day",
    [dt.date(1900, 1, 1), timezone.localdate() + dt.timedelta(days=1), dt.date(2099, 1, 1)],
)
def test_a_delivery_dated_absurdly_is_refused(tree, manager, day):
    service = ServiceFactory(limit_period=LimitPeriod.YEAR, limit_quantity=1)

    with pytest.raises(ValidationError, match="delivered_on"):
        delivery_record(actor=manager, service=service, person=PersonFactory(), delivered_on=day)


def test_a_delivery_outside_its_wave_is_refused(tree, manager):
    wave = DistributionFactory()

    with pytest.raises(ValidationError, match="delivered_on"):
        delivery_record(
            actor=manager,
            service=wave.service,
            person=PersonFactory(),
            delivered_on=wave.ends_on + dt.timedelta(days=1),
            distribution=wave,
        )
