"""Bad input never 500s: control characters are stripped at the door, API errors are JSON."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import path

from suprovid.core.exports import neutralize
from suprovid.core.text import strip_control
from suprovid.people.models import Person


def test_control_characters_are_stripped_from_names_sent_to_the_api(api_client, alice):
    api_client.force_authenticate(alice)

    response = api_client.post(
        "/api/v1/persons/",
        {
            "last_name": "Коваль\x01",
            "first_name": "Ан\x0bна",
            "birth_date": "1990-01-01",
            "territory": "UA12060170010065850",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    person = Person.objects.get(pk=response.json()["id"])
    assert (person.last_name, person.first_name) == ("Коваль", "Анна")


def test_newlines_and_tabs_survive_in_texts():
    assert strip_control("a\tb\nc\r\n\x07d\x9f") == "a\tb\nc\r\nd"


def test_the_xlsx_cell_writer_drops_control_characters():
    assert neutralize("Ім\x01я") == "Імя"


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/v1/boom/", _boom)]
handler500 = "suprovid.core.errors.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_an_api_server_error_is_json():
    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/boom/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_an_oversized_api_body_is_a_json_400(api_client, alice):
    api_client.force_authenticate(alice)

    response = api_client.post(
        "/api/v1/persons/",
        data='{"last_name": "' + "x" * 500 + '"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


pytestmark = pytest.mark.django_db
