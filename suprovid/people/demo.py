"""Synthetic persons for `seed_demo`: households of veterans and of fallen or missing
defenders in Kryvyi Rih and Zhytomyr oblast. Every name, number and date is invented;
РНОКПП are synthetic but carry a valid check digit that matches the birth date and sex.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

from suprovid.core.synthetic import random_name
from suprovid.network.models import Institution, InstitutionKind
from suprovid.people.reach import refresh_reach
from suprovid.territory.codes import subtree_q
from suprovid.territory.models import Territory

from .models import (
    DisabilityGroup,
    FamilyLink,
    Fate,
    Person,
    PersonStatus,
    Relation,
    Sex,
    StatusCode,
    StatusSource,
)

# How many households to make (each has 1–5 persons): a few thousand persons in all.
HOUSEHOLDS = 1100

KR_CITY = "UA12060170010065850"
ZH_OBLAST = "UA18000000000041385"

# Surnames: (masculine, feminine); some carry the apostrophe, as Ukrainian names do.
LOOKALIKE_TYPOS = {"Коваленко": "Кoваленко", "Іван": "Iван", "Петренко": "Пeтренко"}
STREETS = [
    "вул. Соборності",
    "вул. Героїв АТО",
    "просп. Металургів",
    "вул. Київська",
    "вул. Велика Бердичівська",
    "вул. Пушкінська",
    "вул. Незалежності",
    "вул. Шевченка",
]

_RNOKPP_WEIGHTS = (-1, 5, 7, 9, 4, 6, 10, 5, 7)
_RNOKPP_EPOCH = dt.date(1899, 12, 31)


def rnokpp_for(birth_date: dt.date, sex: str, rng: random.Random) -> str:
    """A synthetic РНОКПП: days since 31.12.1899, three random digits, the sex digit
    (odd for men) and the check digit (domain.md §2)."""
    days = (birth_date - _RNOKPP_EPOCH).days
    sex_digit = rng.choice("13579" if sex == Sex.MALE else "02468")
    body = f"{days:05d}{rng.randrange(1000):03d}{sex_digit}"
    check = sum(int(d) * w for d, w in zip(body, _RNOKPP_WEIGHTS, strict=True)) % 11 % 10
    return body + str(check)


def _date(rng: random.Random, start: int, end: int) -> dt.date:
    first, last = dt.date(start, 1, 1), dt.date(end, 12, 31)
    return first + dt.timedelta(days=rng.randrange((last - first).days))


def _phone(rng: random.Random) -> str:
    operator = rng.choice(["50", "63", "66", "67", "68", "73", "93", "96", "97", "98"])
    return f"+380{operator}{rng.randrange(10**7):07d}"


def _places() -> tuple[list[str], list[str]]:
    kr = list(Territory.objects.filter(subtree_q("code", KR_CITY)).values_list("code", flat=True))
    zh = list(
        Territory.objects.filter(subtree_q("code", ZH_OBLAST), level__gte=4)
        .order_by("code")
        .values_list("code", flat=True)[:400]
    ) or [ZH_OBLAST]
    return kr or [KR_CITY], zh


def _keepers() -> tuple[list[Institution], list[Institution]]:
    kinds = [InstitutionKind.SOCIAL_SERVICES, InstitutionKind.CNAP]
    kr = list(Institution.objects.in_territory(KR_CITY).filter(kind__in=kinds).order_by("code"))
    zh = list(Institution.objects.in_territory(ZH_OBLAST).filter(kind__in=kinds).order_by("code"))
    return kr, zh


class _Household:
    def __init__(self) -> None:
        self.members: list[tuple[Person, str | None]] = []  # (person, relation to head)
        self.statuses: list[tuple[int, dict[str, Any]]] = []  # (member index, fields)


@transaction.atomic
def seed(*, rng: random.Random, stdout: Any) -> None:
    """Households: about 70 % veterans with their families, 20 % families of the fallen,
    10 % families of defenders missing in action. Reads institutions made by network.demo."""
    if Person.objects.filter(notes="demo").exists():
        stdout.write("people: demo persons already exist, skipped")
        return
    kr_places, zh_places = _places()
    kr_keepers, zh_keepers = _keepers()
    used: set[str] = set(Person.objects.exclude(rnokpp="").values_list("rnokpp", flat=True))
    households: list[_Household] = []

    def person(
        sex: str, born: dt.date, place: str, keeper: Institution | None, **extra: Any
    ) -> Person:
        last, first, patronymic = random_name(rng, sex)
        if rng.random() < 0.01:
            last = LOOKALIKE_TYPOS.get(last, last)
            first = LOOKALIKE_TYPOS.get(first, first)
        number = ""
        if born.year < 2012 and rng.random() < 0.93:
            while not number or number in used:
                number = rnokpp_for(born, sex, rng)
            used.add(number)
        adult = born.year < 2007
        return Person(
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            birth_date=born,
            sex=sex,
            rnokpp=number,
            rnokpp_refused=not number and adult,
            passport=(f"{rng.randrange(10**9):09d}" if not number and adult else ""),
            phone=_phone(rng) if adult else "",
            territory_id=place,
            address=f"{rng.choice(STREETS)}, {rng.randrange(1, 180)}, кв. {rng.randrange(1, 120)}",
            institution=keeper,
            notes="demo",
            **extra,
        )

    for _n in range(HOUSEHOLDS):
        in_kr = rng.random() < 0.55
        place = rng.choice(kr_places if in_kr else zh_places)
        keepers = kr_keepers if in_kr else zh_keepers
        keeper = rng.choice(keepers) if keepers else None
        house = _Household()
        kind = rng.random()
        head_sex = Sex.MALE if rng.random() < 0.88 else Sex.FEMALE
        head = person(head_sex, _date(rng, 1965, 2003), place, keeper)
        if kind < 0.7:
            head.fate = ""
        else:
            head.fate = Fate.FALLEN if kind < 0.9 else Fate.MISSING
            head.phone = ""
        house.members.append((head, None))
        since = _date(rng, 2015, 2024)
        if not head.fate:
            code = rng.choices(
                [StatusCode.COMBATANT, StatusCode.WAR_DISABLED, StatusCode.WAR_PARTICIPANT],
                weights=[80, 12, 8],
            )[0]
            fields: dict[str, Any] = {
                "code": code,
                "valid_from": since,
                "certificate": f"АА {rng.randrange(10**6):06d}",
                "certificate_date": since,
                "certificate_issuer": "Міністерство у справах ветеранів України",
                "source": rng.choice(list(StatusSource.values)),
            }
            if code == StatusCode.WAR_DISABLED:
                fields["disability_group"] = rng.choice(list(DisabilityGroup.values))
            house.statuses.append((0, fields))
            if rng.random() < 0.5:
                house.statuses.append((0, {"code": StatusCode.DEMOBILIZED, "valid_from": since}))
        partner_sex = Sex.FEMALE if head_sex == Sex.MALE else Sex.MALE
        if rng.random() < 0.75:
            assert head.birth_date is not None
            born = head.birth_date + dt.timedelta(days=rng.randrange(-1500, 1500))
            house.members.append((person(partner_sex, born, place, keeper), Relation.SPOUSE))
        for _c in range(rng.choice([0, 0, 1, 1, 2, 2, 3])):
            house.members.append(
                (
                    person(rng.choice(Sex.values), _date(rng, 2006, 2022), place, keeper),
                    Relation.CHILD,
                )
            )
        if head.fate and rng.random() < 0.6:
            house.members.append(
                (
                    person(rng.choice(Sex.values), _date(rng, 1945, 1964), place, keeper),
                    Relation.PARENT,
                )
            )
        if head.fate:
            code = (
                StatusCode.FAMILY_FALLEN if head.fate == Fate.FALLEN else StatusCode.FAMILY_MISSING
            )
            for index in range(1, len(house.members)):
                house.statuses.append((index, {"code": code, "valid_from": since, "related": True}))
        households.append(house)

    persons = [p for house in households for p, _rel in house.members]
    for p in persons:
        p.refresh_search_fields()  # bulk_create skips save()
    Person.objects.bulk_create(persons, batch_size=1000)
    refresh_reach(p.pk for p in persons)
    statuses: list[PersonStatus] = []
    links: list[FamilyLink] = []
    for house in households:
        head = house.members[0][0]
        for index, fields in house.statuses:
            fields = dict(fields)
            related = fields.pop("related", False)
            statuses.append(
                PersonStatus(
                    person=house.members[index][0],
                    related_person=head if related else None,
                    **fields,
                )
            )
        for member, relation in house.members[1:]:
            assert relation is not None
            links.append(FamilyLink(person=head, relative=member, relation=relation))
    PersonStatus.objects.bulk_create(statuses, batch_size=1000)
    FamilyLink.objects.bulk_create(links, batch_size=1000)
    stdout.write(
        f"people: {len(persons)} persons in {len(households)} households, "
        f"{len(statuses)} statuses, {len(links)} family links"
    )
