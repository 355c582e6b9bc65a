"""`seed_demo`: synthetic, reproducible, refuses to load twice, needs the territories."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone
from stdnum.ua import rntrc

from suprovid import testing as t
from suprovid.accounts.models import Role, User
from suprovid.network import demo as network_demo
from suprovid.network.models import Institution, Specialist
from suprovid.people import demo as people_demo
from suprovid.people.models import FamilyLink, Person, PersonStatus, StatusCode
from suprovid.web.management.commands import seed_demo


@pytest.fixture
def small_demo(monkeypatch, tree):
    monkeypatch.setattr(people_demo, "HOUSEHOLDS", 60)
    # Only this engineer's seeds: the other apps' demos are tested in their own apps.
    monkeypatch.setattr(seed_demo, "DEMO_SEEDS", (network_demo.seed, people_demo.seed))


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_refuses_without_territories(db):
    with pytest.raises(CommandError, match="import_territories"):
        call_command("seed_demo", stdout=StringIO())


def test_seed_demo_builds_the_zhytomyr_figures_and_one_login_per_role(small_demo, client):
    out = seed()

    zh = Institution.objects.in_territory(t.ZH_OBLAST).with_positions(timezone.localdate())
    assert zh.aggregate(p=Sum("planned"), f=Sum("filled")) == {"p": 130, "f": 108}
    assert zh.filter(kind="healthcare").aggregate(f=Sum("filled"))["f"] == 21
    assert Institution.objects.in_territory(t.KR_CITY).count() >= 7
    assert set(
        User.objects.filter(email__endswith="@demo.suprovid.test").values_list("role", flat=True)
    ) >= set(Role.values)
    assert not Specialist.objects.filter(user__isnull=True).exists()
    for role in Role.values:
        email = network_demo.DEMO_LOGINS[role][0]
        assert email in out
        response = client.post(
            "/accounts/login/", {"username": email, "password": network_demo.DEMO_PASSWORD}
        )
        assert response.status_code == 302, role
        client.logout()


def test_seed_demo_people_have_valid_tax_numbers_families_and_linked_statuses(small_demo):
    seed()

    persons = list(Person.objects.all())
    assert len(persons) > 150
    for person in persons:
        if person.rnokpp:
            assert rntrc.is_valid(person.rnokpp)
            days = int(person.rnokpp[:5])
            assert dt.date(1899, 12, 31) + dt.timedelta(days=days) == person.birth_date
            assert (int(person.rnokpp[8]) % 2 == 1) == (person.sex == "M")
    assert FamilyLink.objects.exists()
    family = PersonStatus.objects.filter(code=StatusCode.FAMILY_FALLEN)
    assert family.exists()
    assert not family.filter(related_person__isnull=True).exists()
    assert all(s.related_person.fate == "fallen" for s in family.select_related("related_person"))
    assert {(p.territory_id or "")[:4] for p in persons} == {"UA12", "UA18"}


def test_seed_demo_refuses_to_load_twice_and_changes_nothing(small_demo):
    seed()
    names = list(
        Person.objects.order_by("id").values_list("last_name", "first_name", "rnokpp")[:50]
    )
    second = seed()

    assert "already loaded" in second
    assert (
        list(Person.objects.order_by("id").values_list("last_name", "first_name", "rnokpp")[:50])
        == names
    )
    assert Institution.objects.filter(code=network_demo.MARKER).count() == 1


def test_synthetic_tax_number_is_reproducible_from_the_seed():
    import random

    born = dt.date(1988, 5, 17)
    first = people_demo.rnokpp_for(born, "F", random.Random(7))
    assert first == people_demo.rnokpp_for(born, "F", random.Random(7))
    assert rntrc.is_valid(first) and int(first[8]) % 2 == 0
