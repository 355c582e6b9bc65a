"""Merging two records of one person keeps a service's limit (merge hook, issue 12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from suprovid.people.services import person_merge
from suprovid.people.tests.factories import PersonFactory
from suprovid.programmes.models import LimitPeriod, LimitUsage
from suprovid.programmes.services import LimitExceeded, delivery_record
from suprovid.programmes.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 4, 1)


def test_a_merged_person_cannot_receive_a_third_delivery_of_a_twice_a_year_service(
    tree: Any, alice: Any, admin_user: Any
) -> None:
    service = ServiceFactory(limit_period=LimitPeriod.YEAR, limit_quantity=2)
    target, duplicate = PersonFactory(), PersonFactory()
    delivery_record(actor=alice, service=service, person=target, delivered_on=ON)
    delivery_record(actor=alice, service=service, person=duplicate, delivered_on=ON)

    person_merge(actor=admin_user, target=target, duplicate=duplicate)

    assert LimitUsage.objects.get(person=target).used == 2
    with pytest.raises(LimitExceeded):
        delivery_record(actor=alice, service=service, person=target, delivered_on=ON)


def test_a_counter_only_the_duplicate_had_moves_to_the_survivor(
    tree: Any, alice: Any, admin_user: Any
) -> None:
    service = ServiceFactory(limit_period=LimitPeriod.YEAR, limit_quantity=2)
    target, duplicate = PersonFactory(), PersonFactory()
    delivery_record(actor=alice, service=service, person=duplicate, delivered_on=ON, quantity=2)

    person_merge(actor=admin_user, target=target, duplicate=duplicate)

    assert LimitUsage.objects.get(person=target).used == 2
