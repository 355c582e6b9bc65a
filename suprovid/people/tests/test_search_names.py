"""Names found across scripts: stored in Latin, found in Cyrillic and back; Russian spellings."""

from __future__ import annotations

import pytest

from suprovid.people.models import Person
from suprovid.people.tests.cmu55_examples import CMU55_EXAMPLES
from suprovid.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_every_official_example_stored_in_latin_is_found_by_its_cyrillic_spelling(tree):
    people = {
        cyrillic: PersonFactory(last_name=latin, first_name="Test", birth_date=None)
        for cyrillic, latin in CMU55_EXAMPLES
    }
    missing = [
        cyrillic
        for cyrillic, person in people.items()
        if person.pk not in set(Person.objects.search(cyrillic).values_list("pk", flat=True))
    ]
    assert missing == []
    assert len(CMU55_EXAMPLES) >= 37


def test_every_official_example_stored_in_cyrillic_is_found_by_its_latin_spelling(tree):
    people = {
        latin: PersonFactory(last_name=cyrillic, first_name="Тест", birth_date=None)
        for cyrillic, latin in CMU55_EXAMPLES
    }
    missing = [
        latin
        for latin, person in people.items()
        if person.pk not in set(Person.objects.search(latin).values_list("pk", flat=True))
    ]
    assert missing == []


def test_a_cyrillic_search_does_not_merge_different_cyrillic_names(tree):
    kozak = PersonFactory(last_name="Козак", first_name="Іван")
    PersonFactory(last_name="Кожак", first_name="Іван")
    latin = PersonFactory(last_name="Kozak", first_name="Ivan")
    assert set(Person.objects.search("Козак").values_list("pk", flat=True)) == {kozak.pk, latin.pk}


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("Sergey", "Сергій"),
        ("Сергей", "Сергій"),
        ("Aleksey", "Олексій"),
        ("Alexey", "Oleksii"),
        ("Evgeniy", "Євген"),
        ("Yevgeniy", "Yevhen"),
        ("Dmitriy", "Дмитро"),
        ("Natalya", "Наталія"),
    ],
)
def test_russian_based_spellings_find_the_ukrainian_name(tree, query, stored):
    person = PersonFactory(last_name="Бойко", first_name=stored)
    PersonFactory(last_name="Бойко", first_name="Тарас")
    assert list(Person.objects.search(f"Бойко {query}").values_list("pk", flat=True)) == [person.pk]
