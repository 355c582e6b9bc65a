"""Identifier parsers: what staff type becomes what is stored, or a clear error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from hypothesis import given
from hypothesis import strategies as st
from stdnum.ua import rntrc

from suprovid.people.tests.factories import rnokpp_for
from suprovid.people.validators import (
    check_rnokpp_birth_date,
    clean_identifiers,
    clean_passport,
    clean_phone,
    clean_rnokpp,
    clean_unzr,
    rnokpp_birth_date,
)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)
birth_dates = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2020, 12, 31))


# Bodies whose first five digits encode a birth date between 1900 and today.
_TODAY_DAYS = (dt.date.today() - dt.date(1899, 12, 31)).days
plausible_bodies = st.builds(
    lambda days, rest: f"{days:05d}{rest}",
    st.integers(min_value=1, max_value=_TODAY_DAYS),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
)


@given(plausible_bodies)
def test_any_plausible_number_with_its_check_digit_is_accepted(body: str) -> None:
    number = body + rntrc.calc_check_digit(body)
    assert clean_rnokpp(f" {number[:5]} {number[5:]} ") == number


@given(nine_digits, st.integers(min_value=1, max_value=9))
def test_a_wrong_check_digit_is_refused_with_a_clear_message(body: str, shift: int) -> None:
    good = int(rntrc.calc_check_digit(body))
    number = body + str((good + shift) % 10)
    with pytest.raises(ValidationError) as error:
        clean_rnokpp(number)
    assert "check digit" in error.value.messages[0]


@given(st.text(alphabet="0123456789", min_size=1, max_size=15).filter(lambda s: len(s) != 10))
def test_a_number_of_the_wrong_length_is_refused(number: str) -> None:
    with pytest.raises(ValidationError, match="10 digits"):
        clean_rnokpp(number)


def test_letters_in_a_rnokpp_are_refused() -> None:
    with pytest.raises(ValidationError, match="10 digits"):
        clean_rnokpp("12345abcde")


@given(birth_dates, st.integers(min_value=0, max_value=999), st.booleans())
def test_rnokpp_digits_encode_the_birth_date(birth: dt.date, serial: int, male: bool) -> None:
    number = rnokpp_for(birth, serial, male=male)
    assert clean_rnokpp(number) == number
    assert rnokpp_birth_date(number) == birth
    check_rnokpp_birth_date(number, birth)


def test_rnokpp_disagreeing_with_the_birth_date_is_refused() -> None:
    number = rnokpp_for(dt.date(1985, 3, 14))
    with pytest.raises(ValidationError) as error:
        check_rnokpp_birth_date(number, dt.date(1985, 3, 15))
    assert error.value.code == "rnokpp_birth_date"
    assert date_format(dt.date(1985, 3, 14), "SHORT_DATE_FORMAT") in error.value.messages[0]


@given(
    st.sampled_from(["067", "050", "063", "073", "097", "099"]),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
    st.sampled_from(
        ["{op} {a}-{b}-{c}", "{op}{a}{b}{c}", "+38 ({op}) {a} {b} {c}", "38{op}{a}{b}{c}"]
    ),
)
def test_a_ukrainian_mobile_in_any_spelling_is_stored_as_e164(
    operator: str, digits: str, pattern: str
) -> None:
    typed = pattern.format(op=operator, a=digits[:3], b=digits[3:5], c=digits[5:])
    assert clean_phone(typed) == f"+380{operator[1:]}{digits}"


@pytest.mark.parametrize("typed", ["12345", "067 123", "not a phone", "+380 00 000 00 00"])
def test_an_invalid_phone_is_refused_with_an_example(typed: str) -> None:
    with pytest.raises(ValidationError, match="067 123 45 67"):
        clean_phone(typed)


@given(st.text(alphabet="АБВГДЕЖКМНОПРСТ", min_size=2, max_size=2), st.integers(0, 999999))
def test_booklet_passport_is_normalised(series: str, number: int) -> None:
    assert clean_passport(f"{series.lower()} {number:06d}") == f"{series}{number:06d}"


def test_latin_lookalikes_in_a_passport_series_become_cyrillic() -> None:
    assert clean_passport("MK 123456") == "МК123456"


def test_id_card_number_is_accepted_and_malformed_passport_refused() -> None:
    assert clean_passport("001234567") == "001234567"
    with pytest.raises(ValidationError, match="nine digits"):
        clean_passport("12345")


@given(birth_dates, st.integers(0, 99999))
def test_unzr_with_a_real_date_is_accepted(birth: dt.date, number: int) -> None:
    unzr = f"{birth:%Y%m%d}-{number:05d}"
    assert clean_unzr(unzr) == unzr
    assert clean_unzr(unzr.replace("-", "")) == unzr


@pytest.mark.parametrize("typed", ["19850231-01234", "19851301-01234"])
def test_unzr_with_an_impossible_date_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match="not a date"):
        clean_unzr(typed)


def test_unzr_in_the_wrong_shape_is_refused() -> None:
    with pytest.raises(ValidationError, match="YYYYMMDD"):
        clean_unzr("1985-03-14")


def test_a_person_who_refused_a_tax_number_needs_a_passport() -> None:
    with pytest.raises(ValidationError) as error:
        clean_identifiers({"rnokpp": "", "rnokpp_refused": True, "passport": ""})
    assert "passport" in error.value.message_dict
    data = clean_identifiers({"rnokpp": "", "rnokpp_refused": True, "passport": "мк 123456"})
    assert data["passport"] == "МК123456"
