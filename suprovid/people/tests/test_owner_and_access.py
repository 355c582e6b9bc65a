"""Records always have an owner who can see them (docs/development.md, "Owner rule"),
and the access helpers answer 404 outside scope, 403 for acts the role lacks."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.people.access import access_person
from suprovid.people.models import Person
from suprovid.people.tests.test_views import _person_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def oblast_coordinator(make_user: Any, tree: Any) -> Any:
    """A coordinator scoped to Dnipropetrovsk oblast, with no institution."""
    return make_user(Role.COORDINATOR, email="coord@example.test", territory_id=t.DNIPRO_OBLAST)


def test_a_specialist_who_registers_a_person_living_elsewhere_keeps_the_record(
    client: Any, alice: Any
) -> None:
    client.force_login(alice)
    response = client.post(
        reverse("people:create"), {**_person_post(territory=t.ZH_CITY), "confirm_create": "1"}
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert person.institution_id == alice.institution_id
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200


def test_a_territorial_coordinator_cannot_register_a_person_they_could_never_open(
    client: Any, oblast_coordinator: Any
) -> None:
    client.force_login(oblast_coordinator)
    response = client.post(
        reverse("people:create"), {**_person_post(territory=t.ZH_CITY), "confirm_create": "1"}
    )
    assert response.status_code == 400
    assert "outside your area" in response.text
    assert not Person.objects.exists()


def test_the_api_refuses_the_same_registration_instead_of_answering_201(
    api_client: Any, oblast_coordinator: Any
) -> None:
    api_client.force_authenticate(oblast_coordinator)
    response = api_client.post(
        "/api/v1/persons/",
        {"last_name": "Коваль", "first_name": "Ігор", "territory_code": t.ZH_CITY},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "outside your area" in str(response.json())
    ok = api_client.post(
        "/api/v1/persons/",
        {"last_name": "Коваль", "first_name": "Ігор", "territory_code": t.KR_CITY},
        format="json",
    )
    assert ok.status_code == 201
    assert api_client.get(f"/api/v1/persons/{ok.json()['id']}/").status_code == 200


def test_an_edit_that_moves_a_person_out_of_the_users_area_says_so(
    client: Any, oblast_coordinator: Any
) -> None:
    person = t.PersonFactory(territory_id=t.KR_CITY, last_name="Переїзний")
    client.force_login(oblast_coordinator)
    data = {**_person_post(territory=t.ZH_CITY, last_name="Переїзний"), "version": person.version}
    response = client.post(reverse("people:edit", args=[person.pk]), data, follow=True)
    assert response.status_code == 200
    assert "outside your area" in response.text
    assert response.redirect_chain[-1][0] == reverse("people:list")


def test_access_person_is_404_outside_scope_and_403_for_a_role_that_only_reads(
    alice: Any, bob: Any, make_user: Any
) -> None:
    person = t.PersonFactory(territory_id=t.KR_CITY)
    manager = make_user(Role.PROGRAMME_MANAGER, territory_id=t.KR_CITY)
    assert access_person(alice, person.pk, action="edit") == person
    with pytest.raises(Http404):
        access_person(bob, person.pk)
    with pytest.raises(Http404):
        access_person(alice, "not-a-number")
    assert access_person(manager, person.pk) == person
    with pytest.raises(PermissionDenied):
        access_person(manager, person.pk, action="edit")
