"""One duplicate detector for every way in: its rules, and each entry point using it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from suprovid import testing as t
from suprovid.people.duplicates import find_duplicates
from suprovid.people.models import Person
from suprovid.people.tests.conftest import BIRTH
from suprovid.people.tests.factories import PersonFactory, person_form, rnokpp_for

pytestmark = pytest.mark.django_db


def _ids(candidates):
    return [c.person.pk for c in candidates]


def test_the_same_rnokpp_is_the_strongest_candidate(olena):
    found = find_duplicates(last_name="Інша", first_name="Особа", rnokpp=olena.rnokpp)
    assert _ids(found) == [olena.pk]
    assert found[0].score == 100
    assert "the same РНОКПП" in found[0].reasons


def test_the_same_name_and_birth_date_is_found(olena):
    found = find_duplicates(last_name="Дем'яненко", first_name="олена", birth_date=BIRTH)
    assert _ids(found) == [olena.pk]
    assert found[0].reasons[0] == "the same name and birth date"


def test_a_birth_date_one_day_off_is_found(olena):
    found = find_duplicates(
        last_name="Дем’яненко", first_name="Олена", birth_date=BIRTH + dt.timedelta(days=1)
    )
    assert _ids(found) == [olena.pk]
    assert "the birth date differs by one day" in found[0].reason


def test_day_and_month_swapped_are_found(olena):
    swapped = dt.date(BIRTH.year, BIRTH.day, BIRTH.month) if BIRTH.day <= 12 else None
    person = PersonFactory(last_name="Гнатюк", first_name="Ірина", birth_date=dt.date(1990, 4, 7))
    found = find_duplicates(last_name="Гнатюк", first_name="Ірина", birth_date=dt.date(1990, 7, 4))
    assert _ids(found) == [person.pk]
    assert "swapped" in found[0].reason
    assert swapped is None  # 14.03 has no swapped twin: the rule does not fire on it


def test_the_same_name_without_a_birth_date_is_found(olena):
    found = find_duplicates(last_name="Дем’яненко", first_name="Олена")
    assert _ids(found) == [olena.pk]
    assert "a birth date is not recorded" in found[0].reason


def test_the_same_phone_is_found_however_it_is_written(olena):
    found = find_duplicates(last_name="Петренко", first_name="Іван", phone="067 123 45 67")
    assert _ids(found) == [olena.pk]
    assert "the same phone number" in found[0].reasons


def test_a_latin_spelling_of_the_same_person_is_found(olena):
    found = find_duplicates(last_name="Demianenko", first_name="Olena", birth_date=BIRTH)
    assert _ids(found) == [olena.pk]
    assert "the same name in another script or spelling" in found[0].reason


def test_a_russian_based_first_name_is_found(tree):
    person = PersonFactory(last_name="Бондар", first_name="Сергій", birth_date=dt.date(1980, 5, 2))
    for first in ("Sergey", "Сергей", "Serhii"):
        found = find_duplicates(last_name="Bondar", first_name=first, birth_date=person.birth_date)
        assert _ids(found) == [person.pk], first


def test_different_people_of_another_birth_date_are_not_candidates(olena):
    assert (
        find_duplicates(last_name="Дем’яненко", first_name="Олена", birth_date=dt.date(1990, 1, 1))
        == []
    )
    assert find_duplicates(last_name="Коваль", first_name="Олена", birth_date=BIRTH) == []


def test_persons_out_of_scope_are_never_offered(olena, bob):
    visible = Person.objects.visible_to(bob)
    assert find_duplicates(queryset=visible, last_name="Дем’яненко", first_name="Олена") == []


# ------------------------------------------------------------------- entry points


def _form(**overrides):
    data = {
        "last_name": "Дем’яненко",
        "first_name": "Олена",
        "patronymic": "Іванівна",
        "birth_date": (BIRTH + dt.timedelta(days=1)).isoformat(),
    }
    return person_form(**(data | overrides))


def test_full_form_warns_for_a_birth_date_one_day_off(client, alice, olena):
    client.force_login(alice)
    response = client.post(reverse("people:create"), _form())
    assert response.status_code == 200
    assert "This person may already be registered" in response.content.decode()
    assert Person.objects.count() == 1
    response = client.post(reverse("people:create"), _form(confirm_create="1"))
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_full_form_warns_for_the_same_name_without_a_birth_date(client, alice, olena):
    client.force_login(alice)
    response = client.post(reverse("people:create"), _form(birth_date="", patronymic=""))
    assert "a birth date is not recorded" in response.content.decode()
    assert Person.objects.count() == 1


def test_quick_registration_in_new_appeal_shows_candidates_and_needs_confirmation(
    client, alice, tree
):
    known = PersonFactory(
        last_name="Демяненко",
        first_name="Іван",
        patronymic="Олександрович",
        birth_date=dt.date(1970, 5, 14),
        territory_id=t.KR_CITY,
    )
    client.force_login(alice)
    body = {
        "last_name": "Демяненко",
        "first_name": "Іван",
        "patronymic": "Олександрович",
        "birth_date": "1970-05-14",
    }
    response = client.post(reverse("appeals:person_quick"), body)
    page = response.content.decode()
    assert "This person may already be registered" in page
    assert f'value="{known.pk}"' in page  # the existing person offered to pick
    assert 'name="confirm_duplicate"' in page
    assert Person.objects.count() == 1

    response = client.post(reverse("appeals:person_quick"), {**body, "confirm_duplicate": "on"})
    assert "Person registered." in response.content.decode()
    assert Person.objects.count() == 2


def test_api_answers_409_with_candidates_then_201_when_confirmed(api_client, alice, olena):
    api_client.force_authenticate(alice)
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    body = {"last_name": "Demianenko", "first_name": "Olena", "birth_date": BIRTH.isoformat()}
    response = api_client.post("/api/v1/persons/", body, format="json")
    assert response.status_code == 409
    candidates = response.json()["candidates"]
    assert [c["id"] for c in candidates] == [olena.pk]
    assert candidates[0]["reasons"] and candidates[0]["score"] >= 90
    response = api_client.post(
        "/api/v1/persons/", {**body, "confirm_duplicate": True}, format="json"
    )
    assert response.status_code == 201, response.json()


def test_api_creates_a_clean_person_with_201(api_client, alice, tree):
    api_client.force_authenticate(alice)
    body = {"last_name": "Новенька", "first_name": "Особа", "rnokpp": rnokpp_for(BIRTH)}
    body["birth_date"] = BIRTH.isoformat()
    assert api_client.post("/api/v1/persons/", body, format="json").status_code == 201
