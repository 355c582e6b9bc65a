"""Synthetic programmes for `seed_demo`: a few of Kryvyi Rih's directions of help with
yearly budgets and services, food-package waves with recipients and check-ins, sports games
with family registrations, an IT-retraining course; one Zhytomyr oblast direction.

Reads the persons, territories and demo logins made by the earlier demo modules.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from suprovid.accounts.models import Role, User
from suprovid.people.models import FamilyLink, Person, StatusCode
from suprovid.territory.models import Territory

from . import services as svc
from .eligibility import eligible_persons
from .models import (
    Course,
    Direction,
    DirectionBudget,
    Distribution,
    EnrolmentStatus,
    Event,
    ExpenditureKind,
    LimitPeriod,
    Service,
)

KR_CITY = "UA12060170010065850"
ZH_OBLAST = "UA18000000000041385"
MARKER = "Продуктова підтримка родин захисників"

MILITARY_AND_FAMILIES = [
    StatusCode.COMBATANT,
    StatusCode.WAR_DISABLED,
    StatusCode.SERVING,
    StatusCode.FAMILY_SERVING,
    StatusCode.FAMILY_FALLEN,
    StatusCode.FAMILY_MISSING,
    StatusCode.POW,
    StatusCode.FAMILY_POW,
]
VETERANS = [StatusCode.COMBATANT, StatusCode.WAR_DISABLED, StatusCode.DEMOBILIZED]


def _actor() -> User | None:
    return (
        User.objects.filter(role=Role.PROGRAMME_MANAGER, territory_id=KR_CITY).first()
        or User.objects.filter(role=Role.ADMIN).first()
    )


def _service(direction: Direction, **fields: Any) -> Service:
    service = Service(direction=direction, **fields)
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def seed(*, rng: random.Random, stdout: Any) -> None:
    if Direction.objects.filter(name=MARKER).exists():
        stdout.write("programmes: demo catalogue already exists, skipped")
        return
    if Territory.objects.filter(pk__in=[KR_CITY, ZH_OBLAST]).count() != 2:
        stdout.write("programmes: territories missing, skipped")
        return
    actor = _actor()
    today = timezone.localdate()
    year = today.year
    kr_phrase = "у Кривому Розі"

    food = Direction.objects.create(
        name=MARKER,
        territory_id=KR_CITY,
        description="Продуктові набори хвилями за категоріями (130 000 наборів, 20 категорій).",
    )
    sport = Direction.objects.create(
        name="Фізкультура і спорт для ветеранів та їхніх родин", territory_id=KR_CITY
    )
    psycho = Direction.objects.create(name="Психологічна підтримка", territory_id=KR_CITY)
    study = Direction.objects.create(
        name="Освіта, перекваліфікація та зайнятість ветеранів", territory_id=KR_CITY
    )
    rehab = Direction.objects.create(
        name="Оздоровлення та реабілітація ветеранів області", territory_id=ZH_OBLAST
    )
    plans = {
        food: Decimal("110500000"),
        sport: Decimal("18000000"),
        psycho: Decimal("12500000"),
        study: Decimal("6000000"),
        rehab: Decimal("24000000"),
    }
    for direction, planned in plans.items():
        DirectionBudget.objects.create(direction=direction, year=year, planned=planned)
        DirectionBudget.objects.create(
            direction=direction, year=year - 1, planned=(planned * Decimal("0.9")).quantize(1)
        )

    package = _service(
        food,
        name="Продуктовий набір",
        unit="набір",
        unit_cost=Decimal("850.00"),
        qualifying_statuses=MILITARY_AND_FAMILIES,
        residence_territory_id=KR_CITY,
        residence_phrase=kr_phrase,
        limit_quantity=1,
        limit_period=LimitPeriod.DISTRIBUTION,
    )
    pool = _service(
        sport,
        name="Абонемент до міського басейну",
        unit="місяць",
        unit_cost=Decimal("600.00"),
        qualifying_statuses=MILITARY_AND_FAMILIES,
        residence_territory_id=KR_CITY,
        residence_phrase=kr_phrase,
        limit_quantity=12,
        limit_period=LimitPeriod.YEAR,
    )
    sessions = _service(
        psycho,
        name="Сеанс психологічної підтримки",
        unit="сеанс",
        unit_cost=Decimal("700.00"),
        qualifying_statuses=[*VETERANS, StatusCode.FAMILY_FALLEN, StatusCode.FAMILY_MISSING],
        residence_territory_id=KR_CITY,
        residence_phrase=kr_phrase,
        limit_quantity=10,
        limit_period=LimitPeriod.YEAR,
    )
    it_course = _service(
        study,
        name="Курс ІТ-перекваліфікації",
        unit="курс",
        unit_cost=Decimal("25000.00"),
        qualifying_statuses=VETERANS,
        residence_territory_id=KR_CITY,
        residence_phrase=kr_phrase,
        min_age=18,
        max_age=60,
        limit_quantity=1,
        limit_period=LimitPeriod.EVER,
    )
    _service(
        rehab,
        name="Санаторно-курортна путівка",
        unit="путівка",
        unit_cost=Decimal("14000.00"),
        qualifying_statuses=VETERANS,
        residence_territory_id=ZH_OBLAST,
        residence_phrase="у Житомирській області",
        limit_quantity=1,
        limit_period=LimitPeriod.YEAR,
    )

    places = "\n".join(
        [
            "ЦНАП «Віза», пр. Металургів, 36",
            "Пункт видачі Саксаганського району",
            "Пункт видачі Довгинцівського району",
        ]
    )
    spring = Distribution.objects.create(
        service=package,
        name=f"Продуктові набори — весняна хвиля з 31 березня {year}",
        starts_on=dt.date(year, 3, 31),
        ends_on=dt.date(year, 5, 31),
        places=places,
    )
    current = Distribution.objects.create(
        service=package,
        name="Продуктові набори — поточна хвиля для родин загиблих і зниклих",
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=25),
        places=places,
        categories=[StatusCode.FAMILY_FALLEN, StatusCode.FAMILY_MISSING, StatusCode.FAMILY_POW],
    )
    if spring.ends_on >= current.starts_on:  # early in the year: keep the waves apart
        spring.starts_on = dt.date(year - 1, 3, 31)
        spring.ends_on = dt.date(year - 1, 5, 31)
        spring.name = f"Продуктові набори — весняна хвиля з 31 березня {year - 1}"
        spring.save()

    event = Event.objects.create(
        direction=sport,
        name=f"Спортивні ігри ветеранських родин {year}",
        starts_on=today + dt.timedelta(days=14),
        ends_on=today + dt.timedelta(days=16),
        place="Стадіон «Металург»",
        capacity=2000,
    )
    course = Course.objects.create(
        direction=study,
        name="ІТ-перекваліфікація: тестування програмного забезпечення",
        provider="Синтетична ІТ-академія",
        starts_on=today - dt.timedelta(days=120),
        ends_on=today - dt.timedelta(days=10),
        sessions=48,
        capacity=30,
    )

    if actor is None:
        stdout.write("programmes: catalogue created; no demo manager, so no deliveries")
        return

    svc.expenditure_record(
        actor=actor,
        direction=sport,
        kind=ExpenditureKind.COMMITMENT,
        on=today - dt.timedelta(days=20),
        amount=Decimal("950000.00"),
        description="Оренда стадіону та нагородження на іграх ветеранських родин",
    )
    svc.expenditure_record(
        actor=actor,
        direction=psycho,
        kind=ExpenditureKind.PAYMENT,
        on=today - dt.timedelta(days=40),
        amount=Decimal("380000.00"),
        description="Оплата супервізії психологів",
    )

    issued = 0
    for wave, share in ((spring, 0.8), (current, 0.25)):
        svc.distribution_generate_recipients(actor=actor, distribution=wave)
        ids = list(wave.recipients.values_list("person_id", flat=True))
        chosen = [pid for pid in ids if rng.random() < share][:250]
        day_span = max((min(wave.ends_on, today) - wave.starts_on).days, 0)
        places_list = wave.place_list
        for person in Person.objects.filter(pk__in=chosen):
            day = wave.starts_on + dt.timedelta(days=rng.randint(0, day_span))
            svc.delivery_record(
                actor=actor,
                service=package,
                person=person,
                delivered_on=day,
                distribution=wave,
                place=rng.choice(places_list),
            )
            issued += 1

    for service, count, most in ((pool, 60, 6), (sessions, 80, 5)):
        people = list(eligible_persons(service=service, user=actor, on=today)[: count * 2])
        for person in rng.sample(people, min(count, len(people))):
            svc.delivery_record(
                actor=actor,
                service=service,
                person=person,
                delivered_on=dt.date(year, 1, 1)
                + dt.timedelta(days=rng.randint(0, today.timetuple().tm_yday - 1)),
                quantity=rng.randint(1, most),
            )
            issued += 1

    candidates = list(eligible_persons(service=pool, user=actor, on=today)[:300])
    registered = 0
    for person in rng.sample(candidates, min(60, len(candidates))):
        if event.registrations.filter(person=person).exists():
            continue
        family = [
            link.relative
            for link in FamilyLink.objects.filter(person=person).select_related("relative")
            if not event.registrations.filter(person=link.relative).exists()
        ]
        registered += len(
            svc.event_register(actor=actor, event=event, person=person, family=family)
        )

    students = list(eligible_persons(service=it_course, user=actor, on=course.starts_on)[:200])
    for person in rng.sample(students, min(24, len(students))):
        enrolment = svc.course_enrol(actor=actor, course=course, person=person, on=course.starts_on)
        roll = rng.random()
        completed = roll < 0.7
        svc.enrolment_update(
            actor=actor,
            enrolment=enrolment,
            status=EnrolmentStatus.COMPLETED if completed else EnrolmentStatus.DROPPED,
            sessions_attended=rng.randint(40, 48) if completed else rng.randint(3, 20),
            completed_on=course.ends_on if completed else None,
            employed_on=course.ends_on + dt.timedelta(days=rng.randint(1, 9))
            if completed and roll < 0.35
            else None,
            employer="ТОВ «Синтетичний софт»" if completed and roll < 0.35 else "",
        )
    stdout.write(
        f"programmes: 5 directions, 5 services, 2 waves, {issued} deliveries, "
        f"{registered} event registrations, {course.enrolments.count()} course enrolments"
    )
