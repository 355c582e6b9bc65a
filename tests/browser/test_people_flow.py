"""A front-desk worker finds a person by typing, and opens the card."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from suprovid import testing as t
from suprovid.core.models import AuditEntry


def test_typing_a_name_with_another_apostrophe_finds_the_person_live(
    login, page, live_server, alice
):
    person = t.PersonFactory(last_name="Дем’яненко", first_name="Ганна", patronymic="Юріївна")
    t.PersonFactory(last_name="Шевчук", first_name="Остап", patronymic="Іванович")

    login(alice.email)
    page.goto(f"{live_server.url}/people/")
    page.get_by_label("Пошук", exact=True).fill("дем'яненко")

    # The list first shows everyone; the live search narrows it without a page load.
    results = page.locator("#results")
    expect(results.get_by_text("Шевчук")).to_have_count(0)
    expect(results.get_by_text("Дем’яненко").first).to_be_visible()
    assert "q=" in page.url  # the search is in the address, so it can be bookmarked

    results.get_by_role("link", name=re.compile("Дем’яненко")).first.click()
    page.wait_for_url(f"**/people/{person.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Дем’яненко")
    assert AuditEntry.objects.filter(action="person.viewed", object_id=str(person.pk)).exists()


def test_outsider_gets_not_found_for_a_card_in_another_oblast(login, page, live_server, bob):
    person = t.PersonFactory(territory_id=t.KR_CITY)

    login(bob.email)
    response = page.goto(f"{live_server.url}/people/{person.pk}/")

    assert response is not None and response.status == 404
