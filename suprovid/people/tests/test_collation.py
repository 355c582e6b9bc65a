"""Ukrainian alphabetical order: А Б В Г Ґ … Є … І Ї Й, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.urls import reverse

from suprovid import testing as t
from suprovid.core.collation import sort_key, uk
from suprovid.network.models import Institution
from suprovid.people.models import Person
from suprovid.people.tests.factories import PersonFactory
from suprovid.territory.models import Territory

NAMES = ["Іваненко", "Антонюк", "Єрмак", "Бойко", "Ґудзь", "Їжак"]
EXPECTED = ["Антонюк", "Бойко", "Ґудзь", "Єрмак", "Іваненко", "Їжак"]


def test_the_python_key_orders_as_ukrainian_readers_expect():
    assert sorted(NAMES, key=sort_key) == EXPECTED
    assert sorted(
        ["Гуменюк", "Ґудзь", "Яковенко", "Зінченко", "Дем’яненко", "Демченко"], key=sort_key
    ) == [
        "Гуменюк",
        "Ґудзь",
        "Демченко",
        "Дем’яненко",
        "Зінченко",
        "Яковенко",
    ]


@pytest.mark.django_db
def test_the_database_orders_names_in_ukrainian_order(tree):
    for name in NAMES:
        PersonFactory(last_name=name, first_name="Тест")
    ordered = list(Person.objects.order_by(uk("last_name")).values_list("last_name", flat=True))
    assert ordered == EXPECTED


@pytest.mark.django_db
def test_the_people_list_and_api_start_with_antoniuk(client, api_client, alice, tree):
    for name in NAMES:
        PersonFactory(last_name=name, first_name="Тест")
    client.force_login(alice)
    page = client.get(reverse("people:list")).content.decode()
    positions = [page.index(name) for name in EXPECTED]
    assert positions == sorted(positions)
    api_client.force_authenticate(alice)
    results = api_client.get("/api/v1/persons/").json()["results"]
    assert [r["last_name"] for r in results] == EXPECTED


@pytest.mark.django_db
def test_institution_selects_and_the_territory_picker_use_ukrainian_order(tree):
    for code, name in [("E", "Ємільчинська громада"), ("B", "Бердичівська громада"), ("I", "Інше")]:
        Institution.objects.create(
            code=code, name=name, kind="social_services", territory_id=t.KR_CITY
        )
    names = [i.name for i in Institution.objects.filter(code__in=["E", "B", "I"])]
    assert names == ["Бердичівська громада", "Ємільчинська громада", "Інше"]
    for code, name in [("UA99000000000000001", "Ірпінь"), ("UA99000000000000002", "Бориспіль")]:
        Territory(code=code, level=1, category="М", name=name).save()
    found = [u.name for u in Territory.objects.filter(code__startswith="UA99").ranked("")]
    assert found == ["Бориспіль", "Ірпінь"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["тест", "те"])
def test_a_search_lists_matches_in_ukrainian_order_however_long_its_words(client, alice, query):
    """Three-letter words take the trigram plan, shorter ones the index walk: same order."""
    for name in NAMES:
        PersonFactory(last_name=name, first_name="Тест")
    client.force_login(t.UserFactory(role="admin"))
    page = client.get(reverse("people:list"), {"q": query}).content.decode()
    positions = [page.index(name) for name in EXPECTED]
    assert positions == sorted(positions)
    page = client.get(reverse("people:list"), {"q": query, "sort": "-name"}).content.decode()
    positions = [page.index(name) for name in EXPECTED]
    assert positions == sorted(positions, reverse=True)
