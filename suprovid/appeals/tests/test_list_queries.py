"""The cases list, the referral lists and the partner inbox cost the same number of queries
whether they show one row or a full page (no query per row), like the other lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from suprovid import testing as t
from suprovid.appeals import services as s
from suprovid.cases import services as case_services
from suprovid.network.models import InstitutionKind

from .factories import register, sharing_consent

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def grows_by_nothing(client, url: str, add_rows: Callable[[int], list[tuple[str, ...]]]) -> int:
    """Queries for `url` with 1 row and then with 11 rows; asserts the rows are shown and the
    count is the same. A row counts as shown when any of its words (a name, a number) is on
    the page. Returns the count."""
    first_names = add_rows(1)
    few, page = queries_for(client, url)
    assert all(any(word in page for word in row) for row in first_names)
    more_names = add_rows(10)
    many, page = queries_for(client, url)
    assert all(any(word in page for word in row) for row in more_names)
    assert many == few, f"{url}: {few} queries for 1 row, {many} for 11"
    return many


@pytest.fixture
def legal(tree):
    return t.InstitutionFactory(code="LEGAL-KR", kind=InstitutionKind.PARTNER)


def referrals_adder(alice, kr_centre, legal) -> Callable[[int], list[tuple[str, ...]]]:
    counter = iter(range(1000))

    def add(n: int) -> list[tuple[str, ...]]:
        names = []
        for _ in range(n):
            name = f"Referralenko{next(counter)}"
            person = t.PersonFactory(last_name=name)
            appeal = register(user=alice, institution=kr_centre, applicant=person)
            issue = appeal.issues.get()
            sharing_consent(issue.person)
            s.referral_send(
                actor=alice,
                issue=issue,
                institution=legal,
                due_on=timezone.localdate() + dt.timedelta(days=5),
            )
            names.append((name, appeal.number))
        return names

    return add


def test_sent_referrals_list_takes_a_fixed_number_of_queries(client, alice, kr_centre, legal):
    client.force_login(alice)
    count = grows_by_nothing(
        client, reverse("appeals:referrals"), referrals_adder(alice, kr_centre, legal)
    )
    assert count <= 15


def test_partner_inbox_takes_a_fixed_number_of_queries(client, alice, kr_centre, legal, make_user):
    partner = make_user("partner", institution=legal)
    client.force_login(partner)
    count = grows_by_nothing(
        client, reverse("appeals:referral_inbox"), referrals_adder(alice, kr_centre, legal)
    )
    assert count <= 15


def test_cases_list_takes_a_fixed_number_of_queries(client, alice, kr_centre):
    counter = iter(range(1000))

    def add(n: int) -> list[tuple[str, ...]]:
        names = []
        for _ in range(n):
            person = t.PersonFactory(last_name=f"Casenko{next(counter)}")
            t.give_status(person, "combatant")
            case_services.case_open(
                actor=alice, primary_person=person, institution=kr_centre, specialist=alice
            )
            names.append((person.last_name,))
        return names

    client.force_login(alice)
    count = grows_by_nothing(client, reverse("cases:list"), add)
    assert count <= 15
