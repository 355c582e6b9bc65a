"""Eligibility rules, each with the explanation a front desk reads out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from suprovid.people.models import Person, StatusCode
from suprovid.programmes.eligibility import eligible_persons, service_eligibility
from suprovid.programmes.models import LimitPeriod
from suprovid.programmes.services import delivery_record
from suprovid.testing import (
    KHERSON_VILLAGE_KR,
    KR_CITY,
    KR_DISTRICT_SAKSAHAN,
    ZH_CITY,
    PersonFactory,
    give_status,
)

from .factories import DistributionFactory, ServiceFactory

ON = dt.date(2025, 4, 1)


@pytest.fixture(autouse=True)
def _ukrainian():
    with translation.override("uk"):
        yield


def check(service, person, on=ON, **kw):
    return service_eligibility(service=service, person=person, on=on, **kw)


@pytest.fixture
def pool_pass(tree):
    """Free swimming for residents of Kryvyi Rih holding УБД or war disability."""
    return ServiceFactory(
        name="Абонемент до басейну",
        qualifying_statuses=[StatusCode.COMBATANT, StatusCode.WAR_DISABLED],
        residence_territory_id=KR_CITY,
        residence_phrase="у Кривому Розі",
    )


def test_person_with_status_and_residence_is_eligible_without_reasons(pool_pass):
    person = PersonFactory(territory_id=KR_DISTRICT_SAKSAHAN)
    give_status(person, StatusCode.WAR_DISABLED)
    result = check(pool_pass, person)
    assert result.eligible
    assert result.reasons == []


def test_missing_status_is_explained_by_the_statuses_needed(pool_pass):
    person = PersonFactory(territory_id=KR_CITY)
    give_status(person, StatusCode.DEMOBILIZED)
    result = check(pool_pass, person)
    assert not result.eligible
    assert result.reasons == ["не має статусу УБД або особи з інвалідністю внаслідок війни"]


def test_expired_status_is_explained_as_not_valid_on_the_date(pool_pass):
    person = PersonFactory(territory_id=KR_CITY)
    give_status(person, StatusCode.COMBATANT, valid_to=dt.date(2025, 3, 1))
    result = check(pool_pass, person)
    assert not result.eligible
    assert result.reasons == [
        "статус УБД або особи з інвалідністю внаслідок війни не діє на 01.04.2025"
    ]


def test_status_starting_later_does_not_count_yet(pool_pass):
    person = PersonFactory(territory_id=KR_CITY)
    give_status(person, StatusCode.COMBATANT, valid_from=dt.date(2025, 5, 1))
    assert not check(pool_pass, person).eligible
    assert check(pool_pass, person, on=dt.date(2025, 5, 1)).eligible


def test_residence_elsewhere_is_explained_with_the_city(pool_pass):
    person = PersonFactory(territory_id=ZH_CITY)
    give_status(person, StatusCode.COMBATANT)
    result = check(pool_pass, person)
    assert result.reasons == ["не має зареєстрованого місця проживання у Кривому Розі"]


def test_village_with_the_same_name_elsewhere_is_not_the_city(pool_pass):
    person = PersonFactory(territory_id=KHERSON_VILLAGE_KR)
    give_status(person, StatusCode.COMBATANT)
    assert not check(pool_pass, person).eligible


def test_unknown_residence_is_explained(pool_pass):
    person = PersonFactory(territory_id=None)
    give_status(person, StatusCode.COMBATANT)
    assert check(pool_pass, person).reasons == [
        "зареєстроване місце проживання не внесено до картки"
    ]


def test_residence_without_a_phrase_names_the_territory(tree):
    service = ServiceFactory(residence_territory_id=KR_CITY)
    person = PersonFactory(territory_id=ZH_CITY)
    assert check(service, person).reasons == [
        "не має зареєстрованого місця проживання на території «Кривий Ріг»"
    ]


def test_age_below_minimum_is_explained_with_the_age_on_the_date(tree):
    service = ServiceFactory(min_age=18)
    person = PersonFactory(birth_date=dt.date(2007, 4, 2))  # 18 only on 2 April
    result = check(service, person)
    assert result.reasons == ["на 01.04.2025 має 17 р.; послуга — для осіб віком від 18"]
    assert check(service, person, on=dt.date(2025, 4, 2)).eligible


def test_age_above_maximum_is_explained(tree):
    service = ServiceFactory(max_age=35)
    person = PersonFactory(birth_date=dt.date(1989, 4, 1))  # 36 on the date
    assert check(service, person).reasons == [
        "на 01.04.2025 має 36 р.; послуга — для осіб віком до 35"
    ]
    assert check(service, person, on=dt.date(2025, 3, 31)).eligible


def test_unknown_birth_date_is_explained_when_age_matters(tree):
    service = ServiceFactory(min_age=18)
    person = PersonFactory(birth_date=None)
    assert check(service, person).reasons == [
        "дата народження не внесена до картки, тому вік перевірити неможливо"
    ]


def test_wave_limit_reached_is_explained_with_the_count(tree, alice):
    wave = DistributionFactory()
    person = PersonFactory()
    delivery_record(
        actor=alice, service=wave.service, person=person, delivered_on=ON, distribution=wave
    )
    result = check(wave.service, person)
    assert not result.eligible
    assert result.limit_reached
    assert result.reasons == ["вже отримав(ла) 1 з 1 дозволених у цій хвилі"]


def test_next_wave_gives_a_fresh_limit(tree, alice):
    wave = DistributionFactory()
    person = PersonFactory()
    delivery_record(actor=alice, service=wave.service, person=person, delivered_on=ON)
    later = DistributionFactory(
        service=wave.service, starts_on=dt.date(2025, 6, 1), ends_on=dt.date(2025, 6, 30)
    )
    assert check(wave.service, person, on=dt.date(2025, 6, 2), distribution=later).eligible


def test_yearly_limit_counts_the_calendar_year(tree, alice):
    service = ServiceFactory(limit_period=LimitPeriod.YEAR, limit_quantity=2)
    person = PersonFactory()
    delivery_record(actor=alice, service=service, person=person, delivered_on=ON, quantity=2)
    assert check(service, person).reasons == ["вже отримав(ла) 2 з 2 дозволених цього року"]
    assert check(service, person, on=dt.date(2026, 1, 2)).eligible


def test_several_unmet_rules_give_several_reasons(pool_pass):
    pool_pass.min_age = 18
    pool_pass.save()
    person = PersonFactory(territory_id=ZH_CITY, birth_date=dt.date(2010, 1, 1))
    assert len(check(pool_pass, person).reasons) == 3


def test_distribution_categories_replace_the_service_statuses(tree):
    wave = DistributionFactory(categories=[StatusCode.FAMILY_FALLEN])
    combatant = PersonFactory()
    give_status(combatant, StatusCode.COMBATANT)
    widow = PersonFactory()
    give_status(widow, StatusCode.FAMILY_FALLEN)
    assert not check(wave.service, combatant, distribution=wave).eligible
    assert check(wave.service, widow, distribution=wave).eligible


def test_eligible_list_applies_every_rule_in_the_database(
    pool_pass, alice, django_assert_num_queries
):
    pool_pass.min_age = 18
    pool_pass.limit_period = LimitPeriod.YEAR
    pool_pass.limit_quantity = 1
    pool_pass.save()
    ok = PersonFactory(territory_id=KR_CITY, birth_date=dt.date(1980, 1, 1))
    give_status(ok, StatusCode.COMBATANT)
    no_status = PersonFactory(territory_id=KR_CITY, birth_date=dt.date(1980, 1, 1))
    give_status(no_status, StatusCode.SERVING)
    expired = PersonFactory(territory_id=KR_CITY, birth_date=dt.date(1980, 1, 1))
    give_status(expired, StatusCode.COMBATANT, valid_to=dt.date(2024, 12, 31))
    young = PersonFactory(territory_id=KR_CITY, birth_date=dt.date(2008, 1, 1))
    give_status(young, StatusCode.COMBATANT)
    used_up = PersonFactory(territory_id=KR_CITY, birth_date=dt.date(1980, 1, 1))
    give_status(used_up, StatusCode.COMBATANT)
    delivery_record(actor=alice, service=pool_pass, person=used_up, delivered_on=ON)

    with django_assert_num_queries(1):
        found = list(eligible_persons(service=pool_pass, user=alice, on=ON))
    assert found == [ok]
    # The list and the single check agree, person by person.
    for person in Person.objects.all():
        assert check(pool_pass, person).eligible == (person in found)


def test_eligible_list_is_limited_to_the_users_scope(pool_pass, bob):
    person = PersonFactory(territory_id=KR_CITY)
    give_status(person, StatusCode.COMBATANT)
    assert list(eligible_persons(service=pool_pass, user=bob, on=ON)) == []
