"""The journeys of issue 11, each ending with axe-core over the pages it went through."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.appeals.services import referral_send
from suprovid.appeals.tests.factories import register, sharing_consent

from .axe import assert_accessible


def test_specialist_finds_an_issue_by_name_refers_it_and_is_told_of_the_answer(
    login, page, live_server, alice, kr_centre, legal_clinic, lawyer, other_desk
):
    person = t.PersonFactory(last_name="Гордієнко", first_name="Марта", patronymic="Ігорівна")
    sharing_consent(person)
    register(user=alice, institution=kr_centre, applicant=person, topics=("legal",))
    register(user=alice, institution=kr_centre, applicant=t.PersonFactory(), topics=("housing",))

    login(alice.email)
    page.goto(f"{live_server.url}/appeals/")
    assert_accessible(page, "work list")
    page.get_by_label("ПІБ, номер або РНОКПП").fill("гордієнко")
    page.get_by_label("ПІБ, номер або РНОКПП").press("Enter")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Гордієнко Марта")
    assert_accessible(page, "work list, searched (HTMX)")
    rows.first.get_by_role("link").first.click()

    page.get_by_text("Направити до установи").click()
    # The institution picker: a lower-case fragment, grouped by oblast, then the radio.
    page.get_by_label("Направити до").fill("право")
    expect(page.locator("#id_institution_results")).not_to_contain_text("Криворізький ЦНСП")
    page.get_by_role("radio", name="Юридична клініка «Право»").check()
    page.get_by_label("Строк", exact=True).fill(
        (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    )
    assert_accessible(page, "issue page, referral form open")
    page.get_by_role("button", name="Надіслати направлення").click()
    expect(page.get_by_role("alert").first).to_contain_text("Направлення надіслано")

    partner = other_desk(lawyer.email)
    partner.goto(f"{live_server.url}/appeals/referrals/inbox/")
    partner.get_by_role("link", name="Гордієнко Марта Ігорівна").click()
    partner.get_by_role("button", name="Прийняти").click()
    expect(partner.get_by_role("alert").first).to_be_visible()

    page.goto(f"{live_server.url}/appeals/")
    bell = page.locator("#nav-bell")
    expect(bell).to_contain_text("1")
    bell.click()
    expect(page.locator("#notifications")).to_contain_text("Юридична клініка «Право»")
    expect(page.locator("#notifications")).to_contain_text("прийнято")
    assert_accessible(page, "notifications")
    page.locator("#notifications").get_by_role("button", name="Відкрити").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Правова допомога")


def test_an_institution_chosen_while_the_search_is_still_answering_stays_chosen(
    login, page, live_server, alice, kr_centre, legal_clinic
):
    person = t.PersonFactory(last_name="Гордієнко", first_name="Марта", patronymic="Ігорівна")
    sharing_consent(person)
    appeal = register(user=alice, institution=kr_centre, applicant=person, topics=("legal",))
    held = []  # the search requests, answered only when the test says so

    login(alice.email)
    page.route("**/network/pick/**", lambda route: held.append(route))
    page.goto(f"{live_server.url}/appeals/issues/{appeal.issues.get().pk}/")
    page.get_by_text("Направити до установи").click()
    page.get_by_label("Направити до").fill("право")
    for _ in range(50):  # the search has left (after its 300 ms pause) …
        if held:
            break
        page.wait_for_timeout(100)
    assert held
    # … and, before it is answered, the user picks the clinic already listed (own oblast first)
    page.get_by_role("radio", name="Юридична клініка «Право»").check()
    held[0].continue_()
    expect(page.locator("#id_institution_results")).not_to_contain_text("Криворізький ЦНСП")
    expect(page.get_by_role("radio", name="Юридична клініка «Право»")).to_be_checked()


def test_partner_sees_the_new_referral_first(
    login, page, live_server, alice, kr_centre, legal_clinic, lawyer
):
    soon = timezone.localdate() + dt.timedelta(days=3)
    for n, name in enumerate(["Антоненко", "Бережна", "Вакуленко"]):
        person = t.PersonFactory(last_name=name, first_name="Оксана")
        sharing_consent(person)
        issue = register(user=alice, institution=kr_centre, applicant=person).issues.get()
        referral = referral_send(
            actor=alice, issue=issue, institution=legal_clinic, due_on=soon + dt.timedelta(n)
        )
        if name == "Антоненко":
            from suprovid.appeals.services import referral_accept

            referral_accept(actor=lawyer, referral=referral)
        if name == "Бережна":
            from suprovid.appeals.services import referral_complete

            referral_complete(actor=lawyer, referral=referral, outcome_text="Надано")
    today_person = t.PersonFactory(last_name="Ярема", first_name="Ніна")
    sharing_consent(today_person)
    issue = register(user=alice, institution=kr_centre, applicant=today_person).issues.get()
    referral_send(actor=alice, issue=issue, institution=legal_clinic, due_on=soon)

    login(lawyer.email)
    page.goto(f"{live_server.url}/appeals/referrals/inbox/")
    rows = page.locator("tbody tr")
    # New ones first (due soonest), then accepted; the completed one waits under its tab.
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Ярема Ніна")
    expect(rows.nth(1)).to_contain_text("Вакуленко")
    expect(rows.nth(2)).to_contain_text("Антоненко")
    expect(page.locator("#nav-bell")).to_contain_text("4")  # one per referral received
    assert_accessible(page, "partner inbox")
    rows.nth(0).get_by_role("link").click()
    page.get_by_role("button", name="Прийняти").click()
    # Once accepted the outcome is what is asked for; an empty one is shown on the field.
    expect(page.get_by_label("Результат")).to_be_visible()
    expect(page.get_by_label("Причина відмови")).to_have_count(0)
    page.get_by_role("button", name="Повідомити результат").click()
    expect(page.get_by_label("Результат")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "referral answer with an error")


def test_coordinator_clicks_a_chart_bar_to_the_list_and_opens_an_appeal(
    login, page, live_server, alice, make_user, kr_centre
):
    coordinator = make_user(
        Role.COORDINATOR, email="coord@example.test", institution=kr_centre, territory_id=t.KR_CITY
    )
    person = t.PersonFactory(last_name="Литвин", first_name="Павло")
    appeal = register(user=alice, institution=kr_centre, applicant=person, topics=("legal",))

    login(coordinator.email)
    page.goto(f"{live_server.url}/reports/")
    # The default period is shown in the date fields, not only applied.
    expect(page.locator("input[type=date]").first).not_to_have_value("")
    assert_accessible(page, "dashboard")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-topics')")
    x, y = page.evaluate(
        """() => { const c = Chart.getChart('chart-topics');
                   const i = c.data.labels.indexOf('Правова допомога');
                   const bar = c.getDatasetMeta(0).data[i];
                   return [bar.x, (bar.y + bar.base) / 2]; }"""
    )
    page.locator("#chart-topics").click(position={"x": x, "y": y})
    expect(page.get_by_role("heading", level=1)).to_contain_text("Правова допомога")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("legal")
    assert_accessible(page, "drill-down list")
    page.get_by_role("link", name="Відкрити звернення").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(appeal.number)
