"""Names found across scripts: stored in Latin, found in Cyrillic and back; Russian spellings."""

from __future__ import annotations

import pytest

from suprovid.people.models import Person
from suprovid.people.tests.cmu55_examples import CMU55_EXAMPLES
from suprovid.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("stored_in_latin", "first_name"),
    [
        pytest.param(True, "Test", id="stored-in-latin-found-by-cyrillic"),
        pytest.param(False, "Тест", id="stored-in-cyrillic-found-by-latin"),
    ],
)
def test_every_official_example_is_found_by_its_spelling_in_the_other_script(
    tree, stored_in_latin, first_name
):
    assert len(CMU55_EXAMPLES) >= 37
    people = {
        (cyrillic if stored_in_latin else latin): PersonFactory(
            last_name=latin if stored_in_latin else cyrillic, first_name=first_name, birth_date=None
        )
        for cyrillic, latin in CMU55_EXAMPLES
    }
    missing = [
        query
        for query, person in people.items()
        if person.pk not in set(Person.objects.search(query).values_list("pk", flat=True))
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


def test_records_stored_with_the_old_mark_are_found_again_after_the_migration(tree):
    import importlib

    from django.apps import apps

    remark = importlib.import_module("suprovid.people.migrations.0008_latin_mark_letters").remark
    latin = PersonFactory(last_name="Kozak", first_name="Ivan")
    old = latin.search_text.replace("qx", "~")
    Person.objects.filter(pk=latin.pk).update(search_text=old)  # as stored before 0008
    assert latin.pk not in set(Person.objects.search("Козак").values_list("pk", flat=True))

    remark(apps, None)

    assert latin.pk in set(Person.objects.search("Козак").values_list("pk", flat=True))
