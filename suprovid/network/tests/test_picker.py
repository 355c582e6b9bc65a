"""The institution picker of the referral form: search, oblast groups, pages, no-JS use."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.appeals.models import Referral
from suprovid.appeals.tests.factories import register, sharing_consent
from suprovid.network.models import InstitutionKind
from suprovid.network.picker import PAGE_SIZE, institution_matches

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(tree: Any) -> dict[str, Any]:
    return {
        "kr_law": t.InstitutionFactory(
            code="KR-LAW",
            name="Юридична клініка «Право»",
            kind=InstitutionKind.PARTNER,
            territory_id=t.KR_CITY,
        ),
        "zh_law": t.InstitutionFactory(
            code="ZH-LAW",
            name="Житомирська правова клініка",
            kind=InstitutionKind.PARTNER,
            territory_id=t.ZH_CITY,
        ),
        "kr_closed": t.InstitutionFactory(
            code="KR-OLD",
            name="Правовий центр (закритий)",
            kind=InstitutionKind.PARTNER,
            territory_id=t.KR_CITY,
            is_active=False,
        ),
    }


def names(matches: Any) -> list[tuple[str, list[str]]]:
    return [(oblast, [i.name for i in items]) for oblast, items in matches.groups]


@pytest.fixture(autouse=True)
def _ukrainian() -> Any:
    """Oblast headings as a Ukrainian user reads them ("Житомирська область")."""
    with translation.override("uk"):
        yield


def test_a_lower_case_fragment_finds_institutions_of_both_oblasts_own_oblast_first(
    alice: Any, partners: Any
) -> None:
    found = names(institution_matches(user=alice, query="прав"))
    assert found == [
        ("Дніпропетровська область", ["Юридична клініка «Право»"]),
        ("Житомирська область", ["Житомирська правова клініка"]),
    ]


def test_a_town_name_finds_the_institutions_there(alice: Any, partners: Any) -> None:
    found = names(institution_matches(user=alice, query="житомир"))
    assert found == [("Житомирська область", ["Житомирська правова клініка"])]
    assert names(institution_matches(user=alice, query="кривий клініка")) == [
        ("Дніпропетровська область", ["Юридична клініка «Право»"])
    ]


def test_with_no_query_the_users_own_oblast_is_offered(
    alice: Any, kr_centre: Any, partners: Any
) -> None:
    offered = [i.name for _o, items in institution_matches(user=alice).groups for i in items]
    assert "Юридична клініка «Право»" in offered
    assert "Житомирська правова клініка" not in offered
    assert "Правовий центр (закритий)" not in offered  # inactive institutions never


def test_matches_come_twenty_a_page(alice: Any, tree: Any) -> None:
    for n in range(PAGE_SIZE + 3):
        t.InstitutionFactory(code=f"KR-P{n:02}", name=f"Партнер {n:02}", territory_id=t.KR_CITY)
    first = institution_matches(user=alice, query="партнер")
    second = institution_matches(user=alice, query="партнер", page=2)
    assert sum(len(items) for _o, items in first.groups) == PAGE_SIZE and first.has_more
    assert [i.name for _o, items in second.groups for i in items] == [
        "Партнер 20",
        "Партнер 21",
        "Партнер 22",
    ]
    assert not second.has_more


def test_the_search_endpoint_answers_casework_staff_only(
    client: Any, alice: Any, make_user: Any, partners: Any
) -> None:
    client.force_login(alice)
    response = client.get(reverse("network:pick"), {"q": "право", "name": "institution"})
    assert response.status_code == 200
    assert "Юридична клініка «Право»" in response.content.decode()
    assert 'name="institution"' in response.content.decode()
    # A choice made before this search stays chosen among the new matches.
    response = client.get(
        reverse("network:pick"),
        {"q": "житомир", "name": "institution", "institution": partners["kr_law"].pk},
    )
    page = response.content.decode()
    assert "Житомирська правова клініка" in page and "Юридична клініка «Право»" in page
    pk = partners["kr_law"].pk
    assert f'value="{pk}" id="id_institution_{pk}" checked' in page
    client.force_login(make_user(Role.PARTNER, institution=partners["kr_law"]))
    assert client.get(reverse("network:pick"), {"q": "право"}).status_code == 404


def test_without_javascript_the_issue_page_lists_what_the_search_found(
    client: Any, alice: Any, kr_centre: Any, partners: Any
) -> None:
    issue = register(user=alice, institution=kr_centre, applicant=t.PersonFactory()).issues.get()
    client.force_login(alice)
    page = client.get(
        reverse("appeals:issue_detail", args=[issue.pk]), {"institution_q": "житомир"}
    ).content.decode()
    assert "Житомирська правова клініка" in page
    assert "<details open" in page  # the referral form is open on the results


def test_a_referral_to_an_inactive_or_unknown_institution_is_refused_on_the_field(
    client: Any, alice: Any, kr_centre: Any, partners: Any
) -> None:
    person = t.PersonFactory()
    sharing_consent(person)
    issue = register(user=alice, institution=kr_centre, applicant=person).issues.get()
    client.force_login(alice)
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    for value in (partners["kr_closed"].pk, "Право"):
        response = client.post(
            reverse("appeals:referral_create", args=[issue.pk]),
            {"institution": value, "due_on": due},
        )
        assert response.status_code == 400
        assert "Find the institution and choose it." in response.content.decode()
    assert not Referral.objects.exists()
    response = client.post(
        reverse("appeals:referral_create", args=[issue.pk]),
        {"institution": partners["zh_law"].pk, "due_on": due},
    )
    assert response.status_code == 302
    assert Referral.objects.get().institution == partners["zh_law"]
