"""Junk a person can type into a programmes form or an API query answers with a message."""

from __future__ import annotations

import pytest
from django.urls import reverse

from suprovid.programmes.models import Delivery
from suprovid.testing import KR_CITY, PersonFactory

from .factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("quantity", ["99999999999999999999", "3000000000"])
def test_a_delivery_of_an_absurd_quantity_is_refused_on_the_form_not_a_server_error(
    client, manager, quantity
):
    service = ServiceFactory()
    person = PersonFactory(territory_id=KR_CITY)
    client.force_login(manager)
    response = client.post(
        reverse("programmes:delivery_create") + f"?person={person.pk}",
        {"service": service.pk, "delivered_on": "2025-01-01", "quantity": quantity},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["quantity"]
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("raw", ["²", "1²", "١٢x"])
def test_eligibility_with_a_person_id_that_is_not_a_number_answers_400(api_client, alice, raw):
    service = ServiceFactory()
    api_client.force_authenticate(alice)
    response = api_client.get(f"/api/v1/services/{service.pk}/eligibility/", {"person": raw})
    assert response.status_code == 400
    assert "person" in response.json()["detail"].lower() or "?person=" in response.json()["detail"]


def test_registering_with_a_family_id_that_is_no_number_registers_the_person_alone(client, manager):
    from .factories import EventFactory

    event = EventFactory()
    person = PersonFactory(territory_id=KR_CITY)
    client.force_login(manager)
    response = client.post(
        reverse("programmes:event_register", args=[event.pk]),
        {"person": person.pk, "family": ["²", "99999999999999999999999"]},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.registered == 1
