"""Factories and fixtures shared by every app's tests. Data is synthetic, always."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from suprovid.accounts.models import Role, User
from suprovid.appeals.models import Appeal, Issue, IssueStatus
from suprovid.network.models import Institution, InstitutionKind, Specialist, StaffingPlan
from suprovid.people.models import Person, PersonStatus, StatusCode
from suprovid.people.reach import refresh_reach
from suprovid.territory.models import Category, Territory
from suprovid.topics.models import Topic

# Real КАТОТТГ codes (edition 2024-01-19) for a small tree of two regions.
DNIPRO_OBLAST = "UA12000000000090473"
KR_RAION = "UA12060000000022633"
KR_HROMADA = "UA12060170000091033"
KR_CITY = "UA12060170010065850"
KR_DISTRICT_DOVHYNTSIV = "UA12060170010145934"
KR_DISTRICT_SAKSAHAN = "UA12060170010585703"
ZH_OBLAST = "UA18000000000041385"
ZH_RAION = "UA18040000000058965"
ZH_HROMADA = "UA18040190000029215"
ZH_CITY = "UA18040190010057814"
KHERSON_OBLAST = "UA65000000000030969"
KHERSON_RAION = "UA65040000000088940"
KHERSON_HROMADA = "UA65040070000086673"
KHERSON_VILLAGE_KR = "UA65040070210065625"  # a village also called Кривий Ріг, elsewhere

_TREE: list[tuple[str, str | None, int, str, str]] = [
    (DNIPRO_OBLAST, None, 1, Category.OBLAST, "Дніпропетровська"),
    (KR_RAION, DNIPRO_OBLAST, 2, Category.RAION, "Криворізький"),
    (KR_HROMADA, KR_RAION, 3, Category.HROMADA, "Криворізька"),
    (KR_CITY, KR_HROMADA, 4, Category.CITY, "Кривий Ріг"),
    (KR_DISTRICT_DOVHYNTSIV, KR_CITY, 5, Category.CITY_DISTRICT, "Довгинцівський"),
    (KR_DISTRICT_SAKSAHAN, KR_CITY, 5, Category.CITY_DISTRICT, "Саксаганський"),
    (ZH_OBLAST, None, 1, Category.OBLAST, "Житомирська"),
    (ZH_RAION, ZH_OBLAST, 2, Category.RAION, "Житомирський"),
    (ZH_HROMADA, ZH_RAION, 3, Category.HROMADA, "Житомирська"),
    (ZH_CITY, ZH_HROMADA, 4, Category.CITY, "Житомир"),
    (KHERSON_OBLAST, None, 1, Category.OBLAST, "Херсонська"),
    (KHERSON_RAION, KHERSON_OBLAST, 2, Category.RAION, "Генічеський"),
    (KHERSON_HROMADA, KHERSON_RAION, 3, Category.HROMADA, "Новотроїцька"),
    (KHERSON_VILLAGE_KR, KHERSON_HROMADA, 4, Category.VILLAGE, "Кривий Ріг"),
]


def build_territory_tree() -> dict[str, Territory]:
    """Create the small real tree above and return it by code."""
    units: dict[str, Territory] = {}
    for code, parent, level, category, name in _TREE:
        unit = Territory(
            code=code,
            parent=units.get(parent) if parent else None,
            level=level,
            category=category,
            name=name,
            edition="2024-01-19",
        )
        unit.save()
        units[code] = unit
    return units


class InstitutionFactory(factory.django.DjangoModelFactory[Institution]):
    class Meta:
        model = Institution
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"INST-{n:04d}")
    name = factory.Sequence(lambda n: f"Центр надання соціальних послуг № {n}")
    kind = InstitutionKind.SOCIAL_SERVICES
    territory_id = KR_CITY


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Працівник Тестовий {n}")
    role = Role.SPECIALIST
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class SpecialistFactory(factory.django.DjangoModelFactory[Specialist]):
    class Meta:
        model = Specialist

    institution = factory.SubFactory(InstitutionFactory)
    full_name = factory.Sequence(lambda n: f"Фахівець Супроводу {n}")
    email = factory.Sequence(lambda n: f"specialist{n}@example.test")


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    last_name = factory.Iterator(["Шевченко", "Коваленко", "Бондаренко", "Дем’яненко", "Кравчук"])
    first_name = factory.Iterator(["Олександр", "Марія", "Андрій", "Ольга", "Юрій"])
    patronymic = factory.Iterator(["Іванович", "Петрівна", "Олегович", "Миколаївна", "Васильович"])
    # Wraps after 211 persons (1970 … 2025), so a test worker that has made many persons never
    # gets a birth date in the future; 211 is prime to the 5 names, so name and date repeat
    # together only every 1,055 persons.
    birth_date = factory.Sequence(lambda n: dt.date(1970, 1, 1) + dt.timedelta(days=97 * (n % 211)))
    territory_id = KR_CITY

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        person: Person = super()._create(model_class, *args, **kwargs)
        refresh_reach([person.pk])  # as people.services.person_create does
        return person


def give_status(person: Person, code: str = StatusCode.COMBATANT, **extra: Any) -> PersonStatus:
    return PersonStatus.objects.create(person=person, code=code, **extra)


def make_issue(
    *,
    person: Person,
    institution: Institution,
    received_on: dt.date | None = None,
    topic: str = "documents",
    assignee: User | None = None,
    status: str = IssueStatus.OPEN,
    outcome: str = "",
    support_kind: str = "",
    closed_on: dt.date | None = None,
    due_on: dt.date | None = None,
    appeal: Appeal | None = None,
) -> Issue:
    """An issue (and its appeal, unless given) written directly, bypassing the services.

    For tests of reads, scope and reports; tests of registration use the services.
    """
    received_on = received_on or timezone.localdate()
    if appeal is None:
        sequence = Appeal.objects.filter(institution=institution, year=received_on.year).count() + 1
        appeal = Appeal.objects.create(
            number=f"{institution.code}/{received_on.year}/{sequence:05d}",
            institution=institution,
            territory_id=institution.territory_id,
            year=received_on.year,
            sequence=sequence,
            received_on=received_on,
            channel="in_person",
            applicant=person,
        )
    topic_obj = Topic.objects.get(code=topic)
    issue = Issue.objects.create(
        appeal=appeal,
        topic=topic_obj,
        topic_group=topic_obj.group,
        person=person,
        assignee=assignee,
        institution=institution,
        territory_id=institution.territory_id,
        received_on=appeal.received_on,
        status=status,
        outcome=outcome,
        support_kind=support_kind,
        closed_on=closed_on,
        due_on=due_on or appeal.received_on + dt.timedelta(days=30),
    )
    refresh_reach([person.pk])  # as appeals.services.appeal_register does
    return issue


def plan_positions(institution: Institution, positions: int, since: dt.date) -> StaffingPlan:
    return StaffingPlan.objects.create(
        institution=institution, positions=positions, effective_from=since
    )
