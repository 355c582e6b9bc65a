"""The person card panel: eligible services with reasons, deliveries, fixed query count."""

from __future__ import annotations

from django.test import RequestFactory
from django.utils import timezone, translation

from suprovid.people.models import StatusCode
from suprovid.programmes.models import LimitPeriod
from suprovid.programmes.panels import person_panel
from suprovid.programmes.services import delivery_record
from suprovid.testing import ZH_CITY, PersonFactory, give_status

from .factories import DirectionFactory, ServiceFactory


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_panel_lists_eligible_services_reasons_and_received_in_fixed_queries(
    alice, django_assert_max_num_queries
):
    direction = DirectionFactory()
    pool = ServiceFactory(direction=direction, name="Басейн", qualifying_statuses=["combatant"])
    ServiceFactory(direction=direction, name="Психолог")
    yearly = ServiceFactory(
        direction=direction, name="Путівка", limit_period=LimitPeriod.YEAR, limit_quantity=1
    )
    for n in range(10):
        ServiceFactory(direction=direction, name=f"Інше {n}", min_age=18)
    ServiceFactory(direction=DirectionFactory(territory_id=ZH_CITY), name="Житомирська")
    person = PersonFactory()
    delivery_record(actor=alice, service=yearly, person=person, delivered_on=timezone.localdate())

    with translation.override("uk"), django_assert_max_num_queries(6):
        template, context = person_panel(_request(alice), person)
    assert template == "programmes/panel.html"
    eligible = {row["service"].name for row in context["programmes_eligible"]}
    refused = {row["service"].name: row["reasons"] for row in context["programmes_not_eligible"]}
    assert "Психолог" in eligible
    assert refused["Басейн"] == ["не має статусу УБД"]
    assert refused["Путівка"] == ["вже отримав(ла) 1 з 1 дозволених цього року"]
    assert "Житомирська" not in eligible | set(refused)
    assert [d.service for d in context["programmes_received"]] == [yearly]
    assert pool not in [d.service for d in context["programmes_received"]]


def test_panel_becomes_eligible_once_the_status_is_added(alice):
    ServiceFactory(name="Басейн", qualifying_statuses=["combatant"])
    person = PersonFactory()
    give_status(person, StatusCode.COMBATANT)
    _template, context = person_panel(_request(alice), person)
    assert [r["service"].name for r in context["programmes_eligible"]] == ["Басейн"]


def test_panel_is_not_shown_to_roles_without_people(make_user, tree):
    auditor = make_user("auditor")
    assert person_panel(_request(auditor), PersonFactory()) is None
