"""РНОКПП as it really is: a disagreement is confirmed and recorded; impossible numbers refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from stdnum.ua import rntrc

from suprovid import testing as t
from suprovid.people import services
from suprovid.people.models import Person
from suprovid.people.tests.factories import person_form, rnokpp_for
from suprovid.people.validators import clean_rnokpp, rnokpp_sex, rnokpp_warnings

BIRTH = dt.date(1985, 3, 14)
births = st.dates(min_value=dt.date(1900, 1, 2), max_value=dt.date(2020, 12, 31))


def test_all_zeros_is_refused_although_its_check_digit_adds_up() -> None:
    assert rntrc.is_valid("0000000000")
    with pytest.raises(ValidationError) as error:
        clean_rnokpp("0000000000")
    assert error.value.code == "rnokpp_implausible"


@given(st.integers(min_value=1, max_value=20000), st.integers(min_value=0, max_value=9999))
def test_a_number_encoding_a_future_birth_date_is_refused(ahead: int, serial: int) -> None:
    future = dt.date.today() + dt.timedelta(days=ahead)
    days = (future - dt.date(1899, 12, 31)).days
    if days > 99999:
        return
    body = f"{days:05d}{serial:04d}"
    with pytest.raises(ValidationError) as error:
        clean_rnokpp(body + rntrc.calc_check_digit(body))
    assert error.value.code == "rnokpp_future"


@given(births, births.filter(lambda d: True), st.booleans())
def test_a_birth_date_disagreement_is_a_warning_never_an_error(
    encoded: dt.date, entered: dt.date, male: bool
) -> None:
    number = rnokpp_for(encoded, male=male)
    assert clean_rnokpp(number) == number  # the number itself is accepted
    codes = [w.code for w in rnokpp_warnings(number, entered, "M" if male else "F")]
    assert codes == ([] if encoded == entered else ["birth_date"])


@given(births, st.booleans())
def test_the_sex_digit_is_compared_with_the_recorded_sex(birth: dt.date, male: bool) -> None:
    number = rnokpp_for(birth, male=male)
    assert rnokpp_sex(number) == ("M" if male else "F")
    assert rnokpp_warnings(number, birth, "F" if male else "M")[0].code == "sex"
    assert rnokpp_warnings(number, birth, "") == []


@pytest.mark.django_db
def test_the_service_needs_confirmation_then_records_the_mismatch(alice, tree):
    fields = {
        "last_name": "Гнатюк",
        "first_name": "Ірина",
        "birth_date": dt.date(1985, 3, 15),
        "sex": "F",
        "rnokpp": rnokpp_for(BIRTH, male=True),
    }
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=alice, fields=fields)
    assert "rnokpp" in error.value.message_dict
    person = services.person_create(actor=alice, fields=fields, confirm_identifiers=True)
    assert person.rnokpp_mismatch == "birth_date,sex"
    # A later edit that leaves the identifiers alone keeps the confirmation.
    services.person_update(
        actor=alice, person=person, fields={"notes": "дзвонила"}, expected_version=1
    )
    person.refresh_from_db()
    assert person.rnokpp_mismatch == "birth_date,sex"


def _post(**overrides):
    data = {
        "last_name": "Гнатюк",
        "first_name": "Ірина",
        "birth_date": "1985-03-15",
        "sex": "F",
        "rnokpp": rnokpp_for(BIRTH, male=False),
        "territory": t.KR_CITY,
    }
    return person_form(**(data | overrides))


@pytest.mark.django_db
def test_the_form_asks_to_confirm_and_the_card_shows_the_confirmed_mismatch(client, alice, tree):
    client.force_login(alice)
    response = client.post(reverse("people:create"), _post())
    assert response.status_code == 400
    assert "The РНОКПП encodes the birth date" in response.content.decode()
    assert not Person.objects.exists()

    response = client.post(reverse("people:create"), _post(confirm_rnokpp="on"))
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.rnokpp_mismatch == "birth_date"
    card = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "data-rnokpp-mismatch" in card
    assert "confirmed against the document" in card


@pytest.mark.django_db
def test_the_api_asks_to_confirm_and_answers_the_recorded_mismatch(api_client, alice, tree):
    api_client.force_authenticate(alice)
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    body = {
        "last_name": "Гнатюк",
        "first_name": "Ірина",
        "birth_date": "1985-03-15",
        "rnokpp": rnokpp_for(BIRTH),
    }
    response = api_client.post("/api/v1/persons/", body, format="json")
    assert response.status_code == 400
    assert "confirm_rnokpp_mismatch" in str(response.json()["rnokpp"])
    response = api_client.post(
        "/api/v1/persons/", {**body, "confirm_rnokpp_mismatch": True}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["rnokpp_mismatch"] == "birth_date"
