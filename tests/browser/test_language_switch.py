"""The language selector in the navbar shows the same page in English (and back)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from suprovid import testing as t


@pytest.fixture
def housing_issue(alice, kr_centre, topics):
    return t.make_issue(
        person=t.PersonFactory(last_name="Кравчук", first_name="Петро"),
        institution=kr_centre,
        topic="housing.compensation",
        assignee=alice,
        due_on=timezone.localdate() + dt.timedelta(days=20),
    )


def switch_language(page, code):
    with page.expect_navigation():
        page.locator("#lang-select").select_option(code)
    page.wait_for_load_state("networkidle")


def test_switching_to_english_shows_the_same_page_in_english(
    login, page, live_server, housing_issue
):
    login(housing_issue.assignee.email)
    page.goto(f"{live_server.url}/appeals/?q_topic=housing")
    expect(page.get_by_role("heading", level=1)).to_have_text("Список роботи")
    expect(page.locator("html")).to_have_attribute("lang", "uk")

    language = page.get_by_label("Мова")
    expect(language).to_have_value("uk")
    switch_language(page, "en")

    # The same address, filter included, now in English: page, navbar, data and choices.
    expect(page).to_have_url(re.compile(r"/appeals/\?q_topic=housing$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Work list")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="My work")).to_be_visible()
    nav.locator(".nav-account").click()  # the account menu holds help, settings and log out
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_label("Topic", exact=True)).to_have_value("housing")
    row = page.locator("#results tbody tr").filter(has_text="Кравчук Петро")
    expect(row).to_contain_text("Housing compensation")
    expect(page.get_by_label("Language")).to_have_value("en")

    # The choice sticks for the next page, and switching back works.
    page.goto(f"{live_server.url}/people/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a person")
    switch_language(page, "uk")
    expect(page).to_have_url(re.compile(r"/people/new/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Зареєструвати особу")


def test_switching_language_on_the_login_page(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    switch_language(page, "en")
    expect(page.get_by_label("E-mail")).to_be_visible()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


def test_switching_language_after_filtering_keeps_the_filter(
    login, page, live_server, housing_issue, kr_centre
):
    t.make_issue(
        person=t.PersonFactory(last_name="Бондаренко", first_name="Ірина"),
        institution=kr_centre,
        topic="documents",
        assignee=housing_issue.assignee,
    )
    login(housing_issue.assignee.email)
    page.goto(f"{live_server.url}/appeals/")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(2)
    page.get_by_label("Тема", exact=True).select_option(label="Житло")
    expect(rows).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q_topic=housing"))

    switch_language(page, "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Work list")
    expect(page).to_have_url(re.compile(r"q_topic=housing"), timeout=2_000)
    expect(rows).to_have_count(1, timeout=2_000)
