"""Fixtures of the people tests: persons on both sides of the scope line."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from suprovid import testing as t
from suprovid.people.tests.factories import PersonFactory, rnokpp_for

BIRTH = dt.date(1985, 3, 14)


@pytest.fixture(autouse=True)
def english():
    """Messages asserted in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    """Pages in English, so assertions on messages do not depend on compiled catalogues."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def olena(tree, kr_centre):
    """A Kryvyi Rih widow: alice's to see, not bob's."""
    return PersonFactory(
        last_name="Дем’яненко",
        first_name="Олена",
        patronymic="Іванівна",
        birth_date=BIRTH,
        rnokpp=rnokpp_for(BIRTH),
        phone="+380671234567",
        territory_id=t.KR_CITY,
    )


@pytest.fixture
def zh_person(tree):
    """A Zhytomyr veteran: bob's to see, not alice's."""
    return PersonFactory(
        last_name="Ткачук", first_name="Микола", birth_date=None, territory_id=t.ZH_CITY
    )
