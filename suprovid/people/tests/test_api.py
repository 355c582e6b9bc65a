"""`/api/v1/persons/`: the shapes of contract.md, scope, validation and stale edits."""

from __future__ import annotations

import pytest

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.core.models import AuditEntry
from suprovid.people.models import Person
from suprovid.people.tests.conftest import BIRTH
from suprovid.people.tests.factories import PersonFactory, give_status, rnokpp_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/persons/"


@pytest.fixture
def api(api_client, alice):
    api_client.force_authenticate(alice)
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return api_client


def _body(**overrides):
    body = {
        "last_name": "Дем'яненко",
        "first_name": "Олена",
        "patronymic": "Іванівна",
        "birth_date": "1985-03-14",
        "rnokpp": rnokpp_for(BIRTH),
        "phone": "067 123-45-67",
        "territory_code": t.KR_CITY,
        "statuses": [{"code": "family_fallen"}],
    }
    body.update(overrides)
    return body


def test_post_creates_a_person_with_statuses(api, alice, tree):
    response = api.post(URL, _body(), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    person = Person.objects.get(pk=data["id"])
    assert person.institution_id == alice.institution_id
    assert data["phone"] == "+380671234567"
    assert data["territory_code"] == t.KR_CITY
    assert [s["code"] for s in data["statuses"]] == ["family_fallen"]
    assert data["version"] == 1
    assert AuditEntry.objects.filter(action="person.created").count() == 1


@pytest.mark.parametrize(
    ("override", "field", "text"),
    [
        ({"rnokpp": "1234567890"}, "rnokpp", "check digit"),
        ({"territory_code": "UA99999999999999999"}, "territory_code", "no territory"),
        ({"territory_code": "Kryvyi Rih"}, "territory_code", "17 digits"),
        ({"statuses": [{"code": "hero"}]}, "statuses", "Unknown status code hero"),
        ({"phone": "12345"}, "phone", "not a valid phone"),
        ({"birth_date": "1985-03-15"}, "rnokpp", "encodes the birth date"),
    ],
)
def test_invalid_input_is_a_400_with_a_field_message_and_writes_nothing(
    api, tree, override, field, text
):
    response = api.post(URL, _body(**override), format="json")
    assert response.status_code == 400
    assert text in str(response.json()[field])
    assert not Person.objects.exists()


def test_list_is_paginated_and_scoped(api, olena, zh_person):
    response = api.get(URL)
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"count", "next", "previous", "results"}
    assert [p["id"] for p in data["results"]] == [olena.pk]


@pytest.mark.parametrize(
    "typed", ["дем'яненко", "ДЕМ'ЯНЕНКО", "Demianenko", "Demyanenko", "067 123-45-67"]
)
def test_search_finds_a_name_however_it_is_typed(api, olena, typed):
    PersonFactory(last_name="Коваленко", first_name="Андрій")
    data = api.get(URL, {"search": typed}).json()
    assert [p["id"] for p in data["results"]] == [olena.pk]


def test_search_by_rnokpp(api, olena):
    data = api.get(URL, {"search": rnokpp_for(BIRTH)}).json()
    assert data["count"] == 1


def test_list_query_count_does_not_grow_with_people(api, tree, django_assert_max_num_queries):
    for _ in range(20):
        give_status(PersonFactory(), "combatant")
    with django_assert_max_num_queries(6):
        response = api.get(URL)
    assert response.json()["count"] == 20


def test_retrieve_insider_sees_outsider_gets_404(api_client, alice, bob, olena):
    api_client.force_authenticate(alice)
    response = api_client.get(f"{URL}{olena.pk}/")
    assert response.status_code == 200
    assert response.json()["rnokpp"] == olena.rnokpp
    api_client.force_authenticate(bob)
    response = api_client.get(f"{URL}{olena.pk}/")
    assert response.status_code == 404
    assert "Дем" not in response.content.decode()


def test_outsider_cannot_patch_out_of_scope_person(api_client, bob, olena):
    api_client.force_authenticate(bob)
    response = api_client.patch(
        f"{URL}{olena.pk}/", {"first_name": "Х", "version": 1}, format="json"
    )
    assert response.status_code == 404
    olena.refresh_from_db()
    assert olena.first_name == "Олена"


def test_patch_with_the_current_version_saves_and_a_stale_one_is_409(api, olena):
    url = f"{URL}{olena.pk}/"
    response = api.patch(url, {"first_name": "Олеся", "version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    response = api.patch(url, {"first_name": "Оксана", "version": 1}, format="json")
    assert response.status_code == 409
    assert "changed by someone else" in response.json()["detail"]
    olena.refresh_from_db()
    assert olena.first_name == "Олеся"


def test_patch_without_version_is_refused(api, olena):
    response = api.patch(f"{URL}{olena.pk}/", {"first_name": "Олеся"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_programme_manager_reads_but_cannot_write(api_client, make_user, olena):
    api_client.force_authenticate(make_user(Role.PROGRAMME_MANAGER, territory_id=t.KR_CITY))
    assert api_client.get(f"{URL}{olena.pk}/").status_code == 200
    assert api_client.post(URL, _body(), format="json").status_code == 403


def test_anonymous_requests_are_refused(api_client, olena):
    assert api_client.get(URL).status_code in (401, 403)


def test_disability_group_on_a_status_other_than_war_disabled_is_refused(api, tree):
    body = _body(statuses=[{"code": "combatant", "disability_group": "2"}])
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert "disability group" in str(response.json()["statuses"])
    assert not Person.objects.exists()
    body = _body(
        statuses=[{"code": "war_disabled", "disability_group": "2", "health_ground": "legal_claim"}]
    )
    assert api.post(URL, body, format="json").status_code == 201


def test_a_merged_away_record_cannot_be_edited_through_the_api(api, alice, olena):
    from suprovid.people import services

    duplicate = PersonFactory(institution=olena.institution, territory_id=olena.territory_id)
    services.person_merge(actor=alice, target=olena, duplicate=duplicate)
    duplicate.refresh_from_db()
    response = api.patch(
        f"{URL}{duplicate.pk}/", {"version": duplicate.version, "notes": "нове"}, format="json"
    )
    assert response.status_code == 400
    duplicate.refresh_from_db()
    assert duplicate.notes == ""
