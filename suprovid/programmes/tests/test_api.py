"""API: scope (404 outside), the contract shapes, 409 on a double issue, 4xx on bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from suprovid.people.models import StatusCode
from suprovid.programmes.models import Delivery, Recipient
from suprovid.testing import KR_CITY, ZH_CITY, PersonFactory, give_status

from .factories import CourseFactory, DistributionFactory, EventFactory, ServiceFactory


@pytest.fixture
def wave(tree):
    return DistributionFactory(starts_on=dt.date(2025, 3, 31), ends_on=dt.date(2025, 4, 30))


def test_services_list_only_what_the_user_may_see(api_client, alice, tree):
    mine = ServiceFactory()
    ServiceFactory(direction__territory_id=ZH_CITY)
    api_client.force_authenticate(alice)
    body = api_client.get("/api/v1/services/").json()
    assert [s["id"] for s in body["results"]] == [mine.pk]


def test_outsider_gets_404_for_a_service_and_its_eligibility(api_client, bob, tree):
    service = ServiceFactory()
    api_client.force_authenticate(bob)
    assert api_client.get(f"/api/v1/services/{service.pk}/").status_code == 404
    person = PersonFactory(territory_id=ZH_CITY)
    response = api_client.get(f"/api/v1/services/{service.pk}/eligibility/?person={person.pk}")
    assert response.status_code == 404


def test_eligibility_answers_exactly_eligible_and_reasons(api_client, alice, tree):
    service = ServiceFactory(
        qualifying_statuses=[StatusCode.COMBATANT],
        residence_territory_id=KR_CITY,
        residence_phrase="у Кривому Розі",
    )
    ok = PersonFactory()
    give_status(ok, StatusCode.COMBATANT)
    no = PersonFactory()
    api_client.force_authenticate(alice)
    url = f"/api/v1/services/{service.pk}/eligibility/"
    assert api_client.get(url, {"person": ok.pk}).json() == {"eligible": True, "reasons": []}
    with translation.override("uk"):
        body = api_client.get(url, {"person": no.pk}, HTTP_ACCEPT_LANGUAGE="uk").json()
    assert body == {"eligible": False, "reasons": ["не має статусу УБД"]}


def test_eligibility_of_a_person_outside_scope_is_404(api_client, alice, tree):
    service = ServiceFactory()
    stranger = PersonFactory(territory_id=ZH_CITY)
    api_client.force_authenticate(alice)
    url = f"/api/v1/services/{service.pk}/eligibility/?person={stranger.pk}"
    assert api_client.get(url).status_code == 404


def test_eligibility_without_a_person_is_400_json(api_client, alice, tree):
    service = ServiceFactory()
    api_client.force_authenticate(alice)
    response = api_client.get(f"/api/v1/services/{service.pk}/eligibility/?person=abc")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_delivery_is_created_then_the_double_issue_is_409(api_client, alice, wave):
    person = PersonFactory()
    api_client.force_authenticate(alice)
    payload = {
        "person": person.pk,
        "service": wave.service.pk,
        "delivered_on": "2025-04-01",
        "quantity": 1,
    }
    first = api_client.post("/api/v1/deliveries/", payload, format="json")
    assert first.status_code == 201
    assert first.json()["distribution"] == wave.pk
    second = api_client.post(
        "/api/v1/deliveries/", payload, format="json", HTTP_ACCEPT_LANGUAGE="uk"
    )
    assert second.status_code == 409
    assert second.json()["detail"] == "вже отримав(ла) 1 з 1 дозволених у цій хвилі"
    assert Delivery.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"person": "x", "service": 1, "delivered_on": "2025-04-01", "quantity": 1},
        {"person": 1, "service": 1, "delivered_on": "01/04/2025", "quantity": 1},
        {"person": 1, "service": 1, "delivered_on": "2025-04-01", "quantity": 0},
    ],
)
def test_bad_delivery_input_is_400_json(api_client, alice, wave, payload):
    api_client.force_authenticate(alice)
    response = api_client.post("/api/v1/deliveries/", payload, format="json")
    assert response.status_code == 400
    assert isinstance(response.json(), dict)


def test_outsider_cannot_deliver_to_a_person_out_of_scope(api_client, bob, tree):
    service = ServiceFactory(direction__territory_id=ZH_CITY)
    kr_person = PersonFactory(territory_id=KR_CITY)
    api_client.force_authenticate(bob)
    payload = {"person": kr_person.pk, "service": service.pk, "delivered_on": "2025-04-01"}
    assert api_client.post("/api/v1/deliveries/", payload, format="json").status_code == 404
    assert not Delivery.objects.exists()


def test_deliveries_list_is_scoped_through_the_person(api_client, alice, bob, wave):
    person = PersonFactory()
    api_client.force_authenticate(alice)
    api_client.post(
        "/api/v1/deliveries/",
        {"person": person.pk, "service": wave.service.pk, "delivered_on": "2025-04-01"},
        format="json",
    )
    assert api_client.get("/api/v1/deliveries/").json()["count"] == 1
    api_client.force_authenticate(bob)
    assert api_client.get("/api/v1/deliveries/").json()["count"] == 0


def test_distributions_report_expected_and_issued(api_client, alice, wave):
    api_client.force_authenticate(alice)
    body = api_client.get(f"/api/v1/distributions/{wave.pk}/").json()
    assert body["expected"] == 0 and body["issued"] == 0

    people = PersonFactory.create_batch(3)
    for person in people:
        Recipient.objects.create(distribution=wave, person=person)
    for person in people[:2]:  # two collected; one of them came back for a second item
        Delivery.objects.create(
            service=wave.service, person=person, distribution=wave, delivered_on=wave.starts_on
        )
    Delivery.objects.create(
        service=wave.service, person=people[0], distribution=wave, delivered_on=wave.ends_on
    )

    body = api_client.get(f"/api/v1/distributions/{wave.pk}/").json()
    assert (body["expected"], body["issued"]) == (3, 2)


def test_event_registration_over_capacity_is_409(api_client, alice, tree):
    event = EventFactory(capacity=2)
    people = PersonFactory.create_batch(3)
    api_client.force_authenticate(alice)
    url = f"/api/v1/events/{event.pk}/register/"
    ok = api_client.post(url, {"person": people[0].pk, "family": [people[1].pk]}, format="json")
    assert ok.status_code == 201
    full = api_client.post(url, {"person": people[2].pk}, format="json")
    assert full.status_code == 409


def test_outsider_gets_404_for_events_and_courses(api_client, bob, tree):
    event = EventFactory()
    course = CourseFactory()
    api_client.force_authenticate(bob)
    assert api_client.get(f"/api/v1/events/{event.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/courses/{course.pk}/").status_code == 404
    assert api_client.get("/api/v1/events/").json()["count"] == 0


def test_course_enrolment_through_the_api(api_client, alice, tree):
    course = CourseFactory(capacity=1)
    first, second = PersonFactory.create_batch(2)
    api_client.force_authenticate(alice)
    url = f"/api/v1/courses/{course.pk}/enrol/"
    assert api_client.post(url, {"person": first.pk}, format="json").status_code == 201
    assert api_client.post(url, {"person": second.pk}, format="json").status_code == 409


def test_a_family_member_id_too_large_for_the_database_is_a_400_not_a_500(
    api_client, admin_user, tree
):
    # Found by the schemathesis run (scripts/api_fuzz.sh): 3229783386321850466304 as a family
    # member's id reached the query and SQLite refused it.
    event = EventFactory(capacity=5)
    person = PersonFactory()
    api_client.force_authenticate(admin_user)

    response = api_client.post(
        f"/api/v1/events/{event.pk}/register/",
        {"person": person.pk, "family": [3229783386321850466304]},
        format="json",
    )

    assert response.status_code == 400
    assert "family" in response.json()
    assert not event.registrations.exists()
