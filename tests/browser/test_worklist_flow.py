"""A specialist's work list: her open issues by deadline, overdue marked, filters, export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from django.utils import timezone
from playwright.sync_api import expect

from suprovid import testing as t
from suprovid.appeals.models import IssueStatus


def test_alice_sees_her_open_issues_marks_overdue_and_filters_by_topic(
    login, page, live_server, alice, make_user, kr_centre, topics
):
    today = timezone.localdate()
    colleague = make_user(email="colleague@example.test", institution=kr_centre)
    overdue = t.make_issue(
        person=t.PersonFactory(last_name="Бондаренко", first_name="Ірина"),
        institution=kr_centre,
        topic="documents.restore",
        assignee=alice,
        received_on=today - dt.timedelta(days=40),
        due_on=today - dt.timedelta(days=3),
    )
    housing = t.make_issue(
        person=t.PersonFactory(last_name="Кравчук", first_name="Петро"),
        institution=kr_centre,
        topic="housing.compensation",
        assignee=alice,
        due_on=today + dt.timedelta(days=20),
    )
    t.make_issue(  # someone else's
        person=t.PersonFactory(last_name="Мельник", first_name="Олег"),
        institution=kr_centre,
        topic="housing",
        assignee=colleague,
    )
    t.make_issue(  # already closed
        person=t.PersonFactory(last_name="Ткаченко", first_name="Віра"),
        institution=kr_centre,
        topic="housing",
        assignee=alice,
        status=IssueStatus.CLOSED,
        outcome="explained",
        closed_on=today,
    )

    login(alice.email)
    page.get_by_role("navigation", name="Головне меню").get_by_role(
        "link", name="Моя робота"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Список роботи")

    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(2)
    overdue_row = rows.filter(has_text="Бондаренко Ірина")
    housing_row = rows.filter(has_text="Кравчук Петро")
    # By deadline: the overdue one first, marked as such; the other is not.
    expect(rows.first).to_contain_text("Бондаренко Ірина")
    expect(overdue_row.get_by_text("прострочено", exact=True)).to_be_visible()
    expect(overdue_row).to_contain_text(overdue.due_on.strftime("%d.%m.%Y"))
    expect(housing_row.get_by_text("прострочено", exact=True)).to_have_count(0)
    expect(housing_row.get_by_role("link", name=housing.appeal.number)).to_be_visible()
    expect(page.get_by_text("Мельник Олег")).to_have_count(0)
    expect(page.get_by_text("Ткаченко Віра")).to_have_count(0)

    csv_link = page.locator("#results").get_by_role("link", name="CSV", exact=True)
    expect(csv_link).to_have_attribute("href", re.compile(r"export=csv"))

    # The topic filter narrows the list (the form reloads the results on change).
    page.get_by_label("Тема", exact=True).select_option(label="Житло")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Кравчук Петро")
    expect(page).to_have_url(re.compile(r"q_topic=housing"))

    # The export follows the filter: the file holds what is on screen.
    with page.expect_download() as download_info:
        page.locator("#results").get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as f:
        lines = list(csv.reader(io.StringIO(f.read()), delimiter=";"))
    assert len(lines) == 2, lines
    assert housing.appeal.number in lines[1]
    assert "Кравчук Петро" in ";".join(lines[1])

    # A full page load of the filtered address shows the same narrowed list.
    page.reload()
    expect(rows).to_have_count(1)
    expect(page.get_by_label("Тема", exact=True)).to_have_value("housing")


def test_work_list_overdue_filter_without_javascript(
    browser, live_server, alice, kr_centre, topics
):
    """Plain GET form: the deadline filter works as a full page load too."""
    today = timezone.localdate()
    t.make_issue(
        person=t.PersonFactory(last_name="Бондаренко", first_name="Ірина"),
        institution=kr_centre,
        assignee=alice,
        due_on=today - dt.timedelta(days=1),
    )
    t.make_issue(
        person=t.PersonFactory(last_name="Кравчук", first_name="Петро"),
        institution=kr_centre,
        assignee=alice,
        due_on=today + dt.timedelta(days=25),
    )
    context = browser.new_context(locale="uk-UA", java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Електронна пошта").fill(alice.email)
        page.get_by_label("Пароль").fill("correct-horse-battery")
        page.get_by_role("button", name="Увійти").click()
        page.goto(f"{live_server.url}/appeals/")
        page.get_by_label("Строк", exact=True).select_option(label="прострочено")
        page.get_by_role("button", name="Фільтрувати").click()
        rows = page.locator("#results tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("Бондаренко Ірина")
        expect(page).to_have_url(re.compile(r"due=overdue"))
    finally:
        context.close()
