"""Factories and helpers for the people app's tests. Synthetic data only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from stdnum.ua import rntrc

from suprovid.people.models import Consent, FamilyLink, Person
from suprovid.people.validators import RNOKPP_EPOCH
from suprovid.testing import PersonFactory, give_status

__all__ = [
    "PersonFactory",
    "give_status",
    "make_consent",
    "make_link",
    "person_form",
    "rnokpp_for",
]


def rnokpp_for(birth_date: dt.date, serial: int = 1234, *, male: bool = True) -> str:
    """A valid РНОКПП for `birth_date`: digits 1–5 the date, digit 9 odd for men."""
    days = (birth_date - RNOKPP_EPOCH).days
    serial = serial % 1000
    ninth = 1 if male else 2
    body = f"{days:05d}{serial:03d}{ninth}"
    return body + rntrc.calc_check_digit(body)


def make_link(person: Person, relative: Person, relation: str = "spouse") -> FamilyLink:
    return FamilyLink.objects.create(person=person, relative=relative, relation=relation)


def make_consent(person: Person, **extra: Any) -> Consent:
    extra.setdefault("purpose", "processing")
    extra.setdefault("given_on", dt.date(2025, 1, 10))
    return Consent.objects.create(person=person, **extra)


def person_form(**fields: Any) -> dict[str, Any]:
    """POST data of the person form: `fields` over an empty statuses formset (one blank row);
    a field may also fill that row (`**{"statuses-0-code": "combatant"}`)."""
    return {
        "statuses-TOTAL_FORMS": "1",
        "statuses-INITIAL_FORMS": "0",
        "statuses-MIN_NUM_FORMS": "0",
        "statuses-MAX_NUM_FORMS": "12",
        "statuses-0-code": "",
        "statuses-0-source": "paper",
        **fields,
    }
