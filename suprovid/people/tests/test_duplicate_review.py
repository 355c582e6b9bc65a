"""The review queue of likely duplicates: scoped, for coordinators, merging from it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.people.models import Person
from suprovid.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(tree):
    older = PersonFactory(
        last_name="Згурський", first_name="Іван", patronymic="", birth_date=dt.date(1980, 1, 2)
    )
    newer = PersonFactory(
        last_name="Zghurskyi", first_name="Ivan", patronymic="", birth_date=dt.date(1980, 1, 3)
    )
    PersonFactory(last_name="Бойко", first_name="Тарас", patronymic="")
    return older, newer


def test_a_coordinator_sees_the_likely_pair_with_reasons_and_merges_it(
    client, make_user, pair, kr_centre
):
    older, newer = pair
    coordinator = make_user(Role.COORDINATOR, institution=kr_centre, territory_id=t.KR_CITY)
    client.force_login(coordinator)
    page = client.get(reverse("people:duplicates")).content.decode()
    assert f'data-pair="{older.pk}-{newer.pk}"' in page
    assert "differs by one day" in page
    assert page.count("data-pair=") == 1
    merge = reverse("people:merge_confirm", args=[older.pk, newer.pk])
    assert merge in page
    assert client.post(merge).status_code == 302
    assert Person.objects.get(pk=newer.pk).merged_into_id == older.pk
    assert "data-pair=" not in client.get(reverse("people:duplicates")).content.decode()


def test_an_outsider_coordinator_sees_no_pairs_from_another_territory(
    client, make_user, pair, zh_centre
):
    outsider = make_user(Role.COORDINATOR, institution=zh_centre, territory_id=t.ZH_CITY)
    client.force_login(outsider)
    page = client.get(reverse("people:duplicates")).content.decode()
    assert "data-pair=" not in page


def test_a_specialist_may_not_open_the_queue(client, alice, pair):
    client.force_login(alice)
    assert client.get(reverse("people:duplicates")).status_code == 403


def test_the_queue_keeps_a_fixed_number_of_queries(
    client, make_user, pair, kr_centre, django_assert_max_num_queries
):
    for n in range(10):
        PersonFactory(
            last_name="Коваль",
            first_name="Ганна",
            patronymic="",
            birth_date=dt.date(1970, 1, 1 + n),
        )
    coordinator = make_user(Role.COORDINATOR, institution=kr_centre, territory_id=t.KR_CITY)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        client.get(reverse("people:duplicates"))
