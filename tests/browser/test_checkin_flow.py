"""The pickup point of a food-package wave: find by typing, one click issues, once per wave."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.programmes.models import Delivery, Recipient
from suprovid.programmes.tests.factories import DistributionFactory


@pytest.fixture
def desk(make_user, kr_centre):
    """A front-desk worker of the Kryvyi Rih centre."""
    return make_user(
        Role.INTAKE, email="desk@example.test", institution=kr_centre, territory_id=t.KR_CITY
    )


@pytest.fixture
def wave(tree):
    today = timezone.localdate()
    wave = DistributionFactory(
        name="Продуктові набори, листопад",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=10),
    )
    hanna = t.PersonFactory(last_name="Дем’яненко", first_name="Ганна", patronymic="Юріївна")
    ostap = t.PersonFactory(last_name="Шевчук", first_name="Остап", patronymic="Іванович")
    for person in (hanna, ostap):
        Recipient.objects.create(distribution=wave, person=person)
    wave.hanna = hanna
    return wave


def issued_counter(page):
    return page.locator("#counters > div").filter(has_text="видано").locator(".display-6")


def find(page, text):
    page.get_by_label("ПІБ, РНОКПП або телефон").fill(text)
    return page.locator("#results tr").filter(has_text="Дем’яненко Ганна")


def test_front_desk_finds_by_lower_case_fragment_and_issues_once(
    login, page, live_server, desk, alice, wave, other_desk
):
    url = f"{live_server.url}/programmes/waves/{wave.pk}/checkin/"
    login(desk.email)
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Видача")
    expect(issued_counter(page)).to_have_text("0")

    # Lower case, a fragment, and a typewriter apostrophe instead of the typographic one.
    row = find(page, "дем'ян")
    expect(row).to_be_visible()
    expect(page.locator("#results").get_by_text("Шевчук")).to_have_count(0)
    expect(row.get_by_text("у списку", exact=True)).to_be_visible()

    # A second desk at the other pickup point has the same person on screen.
    second = other_desk(alice.email)
    second.goto(url)
    second_row = find(second, "ДЕМ’ЯНЕНКО")
    expect(second_row.get_by_role("button", name="Видати")).to_be_visible()

    row.get_by_role("button", name="Видати").click()
    expect(row.get_by_role("status")).to_have_text("Щойно видано")
    expect(row.get_by_role("button", name="Видати")).to_have_count(0)
    expect(issued_counter(page)).to_have_text("1")
    assert Delivery.objects.filter(distribution=wave, person=wave.hanna).count() == 1

    # The other desk's click comes second: refused, with the reason read out to the person.
    second_row.get_by_role("button", name="Видати").click()
    alert = second_row.get_by_role("alert")
    expect(alert).to_contain_text("вже отримав(ла) 1 з 1 дозволених у цій хвилі")
    expect(second_row.get_by_role("status")).to_have_text("Вже отримав(ла)")
    expect(issued_counter(second)).to_have_text("1")
    assert Delivery.objects.filter(distribution=wave, person=wave.hanna).count() == 1

    # Coming back to the person later: marked as collected, no button to issue again.
    page.reload()
    row = find(page, "дем'ян")
    expect(row.get_by_role("status")).to_have_text("Вже отримав(ла)")
    expect(row.get_by_role("button", name="Видати")).to_have_count(0)
    expect(issued_counter(page)).to_have_text("1")


def test_checkin_search_stays_in_the_desks_territory(login, page, live_server, desk, wave):
    t.PersonFactory(last_name="Дем’яненко", first_name="Марта", territory_id=t.ZH_CITY)
    login(desk.email)
    page.goto(f"{live_server.url}/programmes/waves/{wave.pk}/checkin/")
    page.get_by_label("ПІБ, РНОКПП або телефон").fill("дем'ян")
    results = page.locator("#results")
    expect(results.get_by_text(re.compile("Дем’яненко Ганна"))).to_be_visible()
    expect(results.get_by_text(re.compile("Марта"))).to_have_count(0)
