"""Deliveries: limits enforced by the database, double issue refused, audit written."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import translation

from suprovid.core.models import AuditEntry
from suprovid.programmes.models import Delivery, LimitPeriod, LimitUsage
from suprovid.programmes.services import (
    DeliveryRefused,
    LimitExceeded,
    delivery_cancel,
    delivery_record,
)
from suprovid.testing import PersonFactory

from .factories import DistributionFactory, ServiceFactory

ON = dt.date(2025, 4, 1)


def test_delivery_records_amount_from_unit_cost_and_audits(tree, alice):
    wave = DistributionFactory()
    person = PersonFactory()
    delivery = delivery_record(actor=alice, service=wave.service, person=person, delivered_on=ON)
    assert delivery.distribution == wave  # the wave running that day
    assert delivery.amount == Decimal("850.00")
    assert delivery.recorded_by == alice
    assert AuditEntry.objects.filter(action="delivery.recorded", object_id=str(delivery.pk))


def test_second_issue_in_the_same_wave_is_refused_with_a_clear_message(tree, alice):
    wave = DistributionFactory()
    person = PersonFactory()
    delivery_record(actor=alice, service=wave.service, person=person, delivered_on=ON)
    with translation.override("uk"), pytest.raises(LimitExceeded) as refused:
        delivery_record(actor=alice, service=wave.service, person=person, delivered_on=ON)
    assert refused.value.reasons == ["вже отримав(ла) 1 з 1 дозволених у цій хвилі"]
    assert Delivery.objects.filter(person=person).count() == 1


def test_database_refuses_a_counter_above_the_limit_whatever_the_code_does(tree, alice):
    """The guarantee is the CHECK constraint, not the Python pre-check."""
    wave = DistributionFactory()
    person = PersonFactory()
    delivery_record(actor=alice, service=wave.service, person=person, delivered_on=ON)
    usage = LimitUsage.objects.get(person=person)
    usage.used = 2
    with pytest.raises(IntegrityError), transaction.atomic():
        usage.save()


def test_quantity_over_a_yearly_limit_is_refused_but_the_rest_can_be_issued(tree, alice):
    service = ServiceFactory(limit_period=LimitPeriod.YEAR, limit_quantity=4)
    person = PersonFactory()
    delivery_record(actor=alice, service=service, person=person, delivered_on=ON, quantity=3)
    with pytest.raises(LimitExceeded):
        delivery_record(actor=alice, service=service, person=person, delivered_on=ON, quantity=2)
    delivery_record(actor=alice, service=service, person=person, delivered_on=ON, quantity=1)
    assert LimitUsage.objects.get(person=person).used == 4


def test_per_wave_service_outside_any_wave_is_refused(tree, alice):
    wave = DistributionFactory()
    with translation.override("uk"), pytest.raises(DeliveryRefused) as refused:
        delivery_record(
            actor=alice,
            service=wave.service,
            person=PersonFactory(),
            delivered_on=dt.date(2025, 1, 10),
        )
    assert refused.value.reasons == ["на 2025-01-10 немає хвилі видачі цієї послуги"]


def test_ineligible_person_is_refused_with_the_reasons(tree, alice):
    service = ServiceFactory(qualifying_statuses=["combatant"])
    with pytest.raises(DeliveryRefused) as refused:
        delivery_record(actor=alice, service=service, person=PersonFactory(), delivered_on=ON)
    assert not isinstance(refused.value, LimitExceeded)
    assert not Delivery.objects.exists()


def test_cancelled_delivery_gives_the_limit_back(tree, alice):
    wave = DistributionFactory()
    person = PersonFactory()
    delivery = delivery_record(actor=alice, service=wave.service, person=person, delivered_on=ON)
    delivery_cancel(actor=alice, delivery=delivery)
    delivery_record(actor=alice, service=wave.service, person=person, delivered_on=ON)
    assert Delivery.objects.filter(person=person).count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_desks_issuing_at_the_same_moment_cannot_both_succeed(tree, alice):
    assert connection.vendor == "postgresql"
    wave = DistributionFactory()
    person = PersonFactory()
    desks = 6
    barrier = threading.Barrier(desks)
    outcomes: list[str] = []

    def desk() -> None:
        try:
            barrier.wait()
            delivery_record(actor=alice, service=wave.service, person=person, delivered_on=ON)
            outcomes.append("issued")
        except LimitExceeded:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=desk) for _ in range(desks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["issued"] + ["refused"] * (desks - 1)
    assert Delivery.objects.filter(person=person).count() == 1
    assert LimitUsage.objects.get(person=person).used == 1
