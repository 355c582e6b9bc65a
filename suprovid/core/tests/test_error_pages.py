"""The product's own error pages: localised, in the layout, never Django's technical page."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_unknown_address_shows_the_localised_not_found_page_in_the_layout(client, alice):
    client.force_login(alice)
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="uk")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Сторінку не знайдено" in page and "Головне меню" in page
    assert "URLconf" not in page


@pytest.mark.django_db
def test_forbidden_page_explains_who_to_ask(client, make_user, kr_centre):
    partner = make_user("partner", institution=kr_centre)
    client.force_login(partner)
    response = client.get(reverse("appeals:create"), HTTP_ACCEPT_LANGUAGE="uk")
    assert response.status_code == 403
    assert "Доступ заборонено" in response.content.decode()


@pytest.mark.django_db
def test_favicon_address_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
