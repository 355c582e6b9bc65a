"""Registering a person: likely duplicates first, then an explicit "create anyway"; clear errors."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from suprovid import testing as t
from suprovid.people.models import Person


def fill_person(page, *, last_name, first_name, patronymic, birth_date, rnokpp=""):
    page.get_by_role("textbox", name="Прізвище", exact=True).fill(last_name)
    page.get_by_role("textbox", name="Ім'я", exact=True).fill(first_name)
    page.get_by_label("По батькові", exact=True).fill(patronymic)
    page.get_by_label("Дата народження", exact=True).fill(birth_date)
    if rnokpp:
        page.get_by_label("РНОКПП (податковий номер)", exact=True).fill(rnokpp)


def test_a_likely_duplicate_is_shown_before_saving_and_needs_create_anyway(
    login, page, live_server, alice
):
    existing = t.PersonFactory(
        last_name="Дем’яненко",
        first_name="Ганна",
        patronymic="Юріївна",
        birth_date=dt.date(1985, 3, 14),
    )

    login(alice.email)
    page.goto(f"{live_server.url}/people/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Зареєструвати особу")
    # Typed with a typewriter apostrophe and without the patronymic's exact spelling.
    fill_person(
        page,
        last_name="Дем'яненко",
        first_name="Ганна",
        patronymic="Юріівна",
        birth_date="1985-03-14",
    )
    page.get_by_role("button", name="Зберегти").click()

    warning = page.get_by_role("alert").filter(has_text="Можливо, цю особу вже зареєстровано")
    expect(warning).to_be_visible()
    expect(warning.get_by_role("link", name="Дем’яненко Ганна Юріївна")).to_have_attribute(
        "href", f"/people/{existing.pk}/"
    )
    expect(warning).to_contain_text("14.03.1985")
    expect(warning).to_contain_text("те саме ім’я і дата народження")
    assert Person.objects.count() == 1  # nothing saved yet
    # What was typed is still there.
    expect(page.get_by_role("textbox", name="Прізвище", exact=True)).to_have_value("Дем'яненко")
    expect(page.get_by_label("Дата народження", exact=True)).to_have_value("1985-03-14")

    # Saving again without confirming still does not create the record.
    page.get_by_role("button", name="Зберегти").click()
    expect(warning).to_be_visible()
    assert Person.objects.count() == 1

    warning.get_by_role("button", name="Все одно створити").click()
    page.wait_for_url(re.compile(r"/people/\d+/$"))
    created = Person.objects.exclude(pk=existing.pk).get()
    assert page.url.endswith(f"/people/{created.pk}/")
    expect(page.get_by_role("alert").filter(has_text="зареєстровано")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ганна")
    assert created.birth_date == dt.date(1985, 3, 14)


def test_an_invalid_rnokpp_shows_a_clear_error_and_keeps_what_was_typed(
    login, page, live_server, alice
):
    login(alice.email)
    page.goto(f"{live_server.url}/people/new/")
    fill_person(
        page,
        last_name="Шевчук",
        first_name="Остап",
        patronymic="Іванович",
        birth_date="1982-06-21",
        rnokpp="3012345678",  # the check digit should be 0
    )
    page.get_by_role("button", name="Зберегти").click()

    rnokpp = page.get_by_label("РНОКПП (податковий номер)", exact=True)
    expect(rnokpp).to_have_attribute("aria-invalid", "true")
    expect(
        page.get_by_text(re.compile("РНОКПП 3012345678 має неправильну контрольну цифру"))
    ).to_be_visible()
    expect(rnokpp).to_have_value("3012345678")
    expect(page.get_by_role("textbox", name="Прізвище", exact=True)).to_have_value("Шевчук")
    expect(page.get_by_role("textbox", name="Ім'я", exact=True)).to_have_value("Остап")
    expect(page.get_by_label("По батькові", exact=True)).to_have_value("Іванович")
    expect(page.get_by_label("Дата народження", exact=True)).to_have_value("1982-06-21")
    assert not Person.objects.exists()

    # Too short: told how long it must be.
    rnokpp.fill("301234567")
    page.get_by_role("button", name="Зберегти").click()
    expect(
        page.get_by_text("РНОКПП складається рівно з 10 цифр; ви ввели 301234567.")
    ).to_be_visible()
    assert not Person.objects.exists()
