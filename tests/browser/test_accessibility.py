"""axe-core over every main page and HTMX state, as each role sees them: 0 violations.

Each role signs in (a session cookie, not the form: the form has its own test) and opens
every entry of its menu, the start page, help, notifications and the record pages its role
may open, over one small Kryvyi Rih dataset made through the services. The HTMX states
(searches, an added issue, quick registration, a picker's results, the check-in answer)
are walked by the roles that use them. Violations are collected over the whole walk and
reported together, so one run names everything to fix.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from suprovid.accounts.models import Role
from suprovid.web.context_processors import nav_items

from .axe import violations
from .conftest import sign_in

ROLES = [
    Role.INTAKE,
    Role.SPECIALIST,
    Role.PARTNER,
    Role.COORDINATOR,
    "head",  # a coordinator who heads the centre: the decisions queue
    Role.PROGRAMME_MANAGER,
    Role.AUDITOR,
    Role.ADMIN,
]


def record_pages(role: str, w: dict[str, Any]) -> list[str]:
    """The record pages (beyond the menu) each role opens in its day."""
    p, a, i = w["person"].pk, w["appeal"].pk, w["issue"].pk
    casework = [
        reverse("people:detail", args=[p]),
        reverse("people:edit", args=[p]),
        reverse("people:create"),
        reverse("people:family_add", args=[p]),
        # The confirmation pages of destructive actions (what a GET shows before a POST).
        reverse("people:status_remove", args=[p, w["status"].pk]),
        reverse("people:family_remove", args=[p, w["link"].pk]),
        reverse("people:consent_withdraw", args=[p, w["consent"].pk]),
        reverse("appeals:detail", args=[a]),
        reverse("appeals:issue_detail", args=[i]),
        reverse("appeals:card", args=[a]),
        reverse("appeals:receipt", args=[a]),
        reverse("appeals:referral_detail", args=[w["referral"].pk]),
        reverse("appeals:journal"),
        reverse("appeals:reception"),
        reverse("cases:detail", args=[w["case"].pk]),
        reverse("cases:create"),
        f"{reverse('programmes:delivery_create')}?person={p}",
    ]
    programmes = [
        reverse("programmes:direction_detail", args=[w["direction"].pk]),
        reverse("programmes:service_detail", args=[w["service"].pk]),
        reverse("programmes:distribution_detail", args=[w["wave"].pk]),
        reverse("programmes:distribution_checkin", args=[w["wave"].pk]),
        reverse("programmes:event_detail", args=[w["event"].pk]),
        reverse("programmes:course_detail", args=[w["course"].pk]),
    ]
    reports = [
        reverse("reports:appeals"),
        f"{reverse('reports:issues')}?status=open",
        reverse("reports:helped"),
        reverse("reports:cases"),
        reverse("reports:specialists"),
        reverse("reports:caseload"),
        reverse("reports:positions"),
        reverse("reports:quarterly"),
        reverse("reports:open_data"),
    ]
    return {
        Role.INTAKE: [reverse("people:detail", args=[p]), reverse("people:create")],
        Role.SPECIALIST: casework,
        Role.PARTNER: [reverse("appeals:referral_detail", args=[w["referral"].pk])],
        Role.COORDINATOR: [
            reverse("people:duplicates"),
            f"{reverse('appeals:worklist')}?assignee=all",
            *reports,
        ],
        "head": [reverse("appeals:decisions")],
        Role.PROGRAMME_MANAGER: programmes,
        Role.AUDITOR: [
            f"{reverse('core:audit')}?q=",
            f"{reverse('core:person_history')}?q=Мельник",
            f"{reverse('core:person_history')}?person={p}",
        ],
        Role.ADMIN: [reverse("programmes:direction_create")],
    }[role]


def check(page: Any, where: str, found: dict[str, Any]) -> None:
    page.mouse.move(0, 0)  # no hover colours in transition under the pointer
    problems = violations(page)
    if problems:
        found[where] = problems


def open_and_check(page: Any, url: str, found: dict[str, Any], *, status: int = 200) -> None:
    response = page.goto(url)
    if "/reports/" in url:
        page.wait_for_load_state("networkidle")  # the charts' data
    if response is None or response.status != status:
        found[url] = f"answered {response.status if response else None}, expected {status}"
        return
    check(page, url, found)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_opens_has_no_axe_violations(
    role: str, page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    user = world["users"][role]
    sign_in(page, live_server, user)
    paths = [
        "/",
        reverse("core:help"),
        reverse("notifications:list"),
        reverse("notifications:settings"),
        reverse("accounts:password_change"),
        reverse("accounts:recovery_codes"),
        *[item["url"] for item in nav_items(user)],
        *record_pages(role, world),
    ]
    found: dict[str, Any] = {}
    for path in dict.fromkeys(paths):  # in order, once each
        open_and_check(page, f"{live_server.url}{path}", found)
    assert found == {}, f"{role}: {found}"


def test_the_pages_without_a_session_and_the_error_pages_have_no_axe_violations(
    page: Any, live_server: Any, world: dict[str, Any], settings: Any
) -> None:
    found: dict[str, Any] = {}
    open_and_check(page, f"{live_server.url}/accounts/login/", found)
    # The check itself finds a violation when there is one (an image without a text).
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert [v["id"] for v in violations(page)] == ["image-alt"]
    page.reload()
    # A wrong password: the form with its error.
    page.get_by_label("Електронна пошта").fill("alice@example.test")
    page.get_by_label("Пароль").fill("wrong-password")
    page.get_by_role("button", name="Увійти").click()
    page.wait_for_load_state("networkidle")
    check(page, "login with an error", found)
    # An administrator signs in for the first time where a second factor is required: enrolment.
    settings.MFA_REQUIRED_ROLES = ["admin"]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Електронна пошта").fill("admin@example.test")
    page.get_by_label("Пароль").fill("correct-horse-battery")
    page.get_by_role("button", name="Увійти").click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/mfa/" in page.url
    check(page, "second factor enrolment", found)
    page.get_by_role("button").filter(has_text="Підтвердити").first.click()
    page.wait_for_load_state("networkidle")
    check(page, "second factor enrolment with an error", found)

    sign_in(page, live_server, world["users"][Role.PARTNER])
    open_and_check(page, f"{live_server.url}/people/999999/", found, status=404)
    open_and_check(page, f"{live_server.url}/no-such-page/", found, status=404)
    # A partner may look at the referral but not at the issue's casework actions.
    open_and_check(page, f"{live_server.url}{reverse('people:create')}", found, status=403)
    assert found == {}, found


def test_the_htmx_states_of_the_desk_have_no_axe_violations(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    found: dict[str, Any] = {}
    sign_in(page, live_server, world["users"][Role.INTAKE])
    page.goto(f"{live_server.url}{reverse('appeals:create')}")
    page.locator("#person-q").fill("мельник")
    page.get_by_role("radio", name="Мельник Ярина Олегівна").check()
    expect(page.locator("#family-options-slot")).to_contain_text("Мельник Данило")
    check(page, "intake: applicant chosen, family offered", found)
    page.get_by_role("button", name="Додати ще питання").click()
    expect(page.locator("fieldset.issue-form")).to_have_count(2)
    check(page, "intake: an issue added", found)
    page.locator("#person-q").fill("Лисенко Оксана")
    expect(page.locator("#quick-reg").get_by_label("Прізвище")).to_have_value("Лисенко")
    check(page, "intake: no match, quick registration open", found)
    page.get_by_role("button", name="Зареєструвати звернення").click()
    page.wait_for_load_state("networkidle")
    check(page, "intake: refused with errors", found)

    page.goto(f"{live_server.url}{reverse('people:list')}")
    page.get_by_role("searchbox", name="Пошук").fill("мельник")
    expect(page.locator("#results")).to_contain_text("Мельник Ярина")
    check(page, "people list: searched", found)

    page.goto(f"{live_server.url}{reverse('people:create')}")
    page.get_by_role("combobox", name="Пошук території за назвою").fill("Кривий")
    expect(page.locator("#id_territory_results")).to_contain_text("Кривий Ріг")
    check(page, "new person: territory picker results", found)
    page.get_by_role("button", name="Зберегти").first.click()
    page.wait_for_load_state("networkidle")
    check(page, "new person: refused with errors", found)

    wave = world["wave"]
    page.goto(f"{live_server.url}{reverse('programmes:distribution_checkin', args=[wave.pk])}")
    page.get_by_label("ПІБ, РНОКПП або телефон").fill("мельник")
    row = page.locator("#results tr").filter(has_text="Мельник Ярина")
    expect(row).to_be_visible()
    check(page, "check-in: searched", found)
    row.get_by_role("button", name="Видати").click()
    expect(row.get_by_role("status")).to_have_text("Щойно видано")
    check(page, "check-in: issued", found)
    assert found == {}, found


def test_the_htmx_states_of_casework_have_no_axe_violations(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    found: dict[str, Any] = {}
    sign_in(page, live_server, world["users"][Role.SPECIALIST])
    page.goto(f"{live_server.url}{reverse('appeals:worklist')}")
    page.get_by_label("ПІБ, номер або РНОКПП").fill("мельник")
    page.get_by_label("ПІБ, номер або РНОКПП").press("Enter")
    expect(page.locator("#results tbody tr").first).to_contain_text("Мельник")
    check(page, "work list: searched", found)

    issue = world["appeal"].issues.get(topic__code="payments")
    page.goto(f"{live_server.url}{reverse('appeals:issue_detail', args=[issue.pk])}")
    page.get_by_text("Направити до установи").click()
    check(page, "issue: referral form open", found)
    page.get_by_label("Направити до").fill("право")
    expect(page.get_by_role("radio", name="Юридична клініка «Право»")).to_be_visible()
    check(page, "issue: institution picker results", found)
    page.get_by_role("radio", name="Юридична клініка «Право»").check()
    page.get_by_label("Строк", exact=True).fill("2020-01-01")
    page.get_by_role("button", name="Надіслати направлення").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    page.mouse.move(0, 0)  # no hover or press colours in transition under the pointer
    check(page, "issue: referral refused (a past date)", found)

    person = world["person"]
    page.goto(f"{live_server.url}{reverse('people:family_add', args=[person.pk])}")
    page.wait_for_load_state("networkidle")
    check(page, "family link: form", found)
    page.goto(f"{live_server.url}{reverse('notifications:list')}")
    check(page, "notifications: unread", found)
    page.get_by_role("button", name="Позначити всі прочитаними").click()
    page.wait_for_load_state("networkidle")
    check(page, "notifications: all read", found)
    assert found == {}, found
