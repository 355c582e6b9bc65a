"""End-to-end tests in Debian's headless Chromium, driven by Playwright (no browser download).

`make test` installs the `chromium` package when it is missing; where it cannot, these tests
are skipped with that reason.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.appeals import services as appeal_services
from suprovid.appeals.tests.factories import register, sharing_consent
from suprovid.cases import services as case_services
from suprovid.network.models import InstitutionKind
from suprovid.people.models import FamilyLink, Relation
from suprovid.programmes.models import Recipient
from suprovid.programmes.services import delivery_record
from suprovid.programmes.tests.factories import (
    CourseFactory,
    DirectionFactory,
    DistributionFactory,
    EventFactory,
    ServiceFactory,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# to set up data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))
            if CHROMIUM is None:
                item.add_marker(pytest.mark.skip(reason="chromium is not installed"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="uk-UA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def login(page: Any, live_server: Any) -> Any:
    def do_login(email: str, password: str = "correct-horse-battery") -> Any:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Електронна пошта").fill(email)
        page.get_by_label("Пароль").fill(password)
        page.get_by_role("button", name="Увійти").click()
        page.wait_for_load_state("networkidle")
        return page

    return do_login


@pytest.fixture
def other_desk(browser: Any, live_server: Any) -> Iterator[Any]:
    """Open another browser (its own session) logged in as `email`: a second desk or user."""
    contexts: list[Any] = []

    def open_as(email: str, password: str = "correct-horse-battery") -> Any:
        context = browser.new_context(locale="uk-UA", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        other = context.new_page()
        other.set_default_timeout(10_000)
        other.goto(f"{live_server.url}/accounts/login/")
        other.get_by_label("Електронна пошта").fill(email)
        other.get_by_label("Пароль").fill(password)
        other.get_by_role("button", name="Увійти").click()
        other.wait_for_load_state("networkidle")
        return other

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def legal_clinic(tree: Any) -> Any:
    """A partner legal clinic in Kryvyi Rih that receives referrals."""
    return t.InstitutionFactory(
        code="KR-LAW",
        name="Юридична клініка «Право»",
        kind=InstitutionKind.PARTNER,
        territory_id=t.KR_CITY,
    )


@pytest.fixture
def lawyer(make_user: Any, legal_clinic: Any) -> Any:
    """The clinic's partner account: sees its inbox, never a person's card."""
    return make_user(
        Role.PARTNER, email="lawyer@example.test", institution=legal_clinic, territory_id=None
    )


@pytest.fixture
def topics(transactional_db: Any) -> None:
    """The topic taxonomy of migration 0002, for tests that use topics (explicitly).

    Browser tests run against `live_server`, which flushes every table afterwards, rows
    written by data migrations included.
    """
    from suprovid.topics.defaults import ensure_topics

    ensure_topics()


@pytest.fixture(autouse=True)
def _topics(live_server: Any) -> None:
    """live_server tests flush every table afterwards, the topics of the data migration too."""
    from suprovid.topics.defaults import ensure_topics

    ensure_topics()


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    """The user's session in the browser, without the login form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.fixture
def world(
    alice: Any, kr_centre: Any, legal_clinic: Any, lawyer: Any, make_user: Any
) -> dict[str, Any]:
    """One family's records in Kryvyi Rih, and a user of each role there."""
    today = timezone.localdate()
    users = {
        Role.SPECIALIST: alice,
        Role.PARTNER: lawyer,
        Role.INTAKE: make_user(
            Role.INTAKE, email="desk@example.test", institution=kr_centre, territory_id=t.KR_CITY
        ),
        Role.COORDINATOR: make_user(
            Role.COORDINATOR,
            email="coord@example.test",
            institution=kr_centre,
            territory_id=t.KR_CITY,
        ),
        "head": make_user(
            Role.COORDINATOR,
            email="head@example.test",
            institution=kr_centre,
            territory_id=t.DNIPRO_OBLAST,
            is_head=True,
        ),
        Role.PROGRAMME_MANAGER: make_user(
            Role.PROGRAMME_MANAGER,
            email="pm@example.test",
            institution=kr_centre,
            territory_id=t.KR_CITY,
        ),
        Role.AUDITOR: make_user(
            Role.AUDITOR, email="auditor@example.test", territory_id=t.DNIPRO_OBLAST
        ),
        Role.ADMIN: make_user(
            Role.ADMIN, email="admin@example.test", is_staff=True, is_superuser=True
        ),
    }
    person = t.PersonFactory(last_name="Мельник", first_name="Ярина", patronymic="Олегівна")
    status = t.give_status(person, "combatant")
    son = t.PersonFactory(last_name="Мельник", first_name="Данило", patronymic="Петрович")
    link = FamilyLink.objects.create(person=person, relative=son, relation=Relation.CHILD)
    consent = sharing_consent(person)
    appeal = register(
        user=alice, institution=kr_centre, applicant=person, topics=("legal", "payments")
    )
    issue = appeal.issues.get(topic__code="legal")
    referral = appeal_services.referral_send(
        actor=alice, issue=issue, institution=legal_clinic, due_on=today + dt.timedelta(days=5)
    )
    appeal_services.referral_accept(actor=lawyer, referral=referral)  # a notification for alice
    case = case_services.case_open(
        actor=alice, primary_person=person, institution=kr_centre, specialist=alice
    )
    direction = DirectionFactory(name="Підтримка родин")
    service = ServiceFactory(direction=direction, name="Продуктовий набір")
    wave = DistributionFactory(
        service=service,
        name="Продуктові набори, листопад",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=10),
    )
    Recipient.objects.create(distribution=wave, person=person)
    delivery_record(actor=alice, service=service, person=son, delivered_on=today)
    # The card read by the specialist: an entry of the person's history for the auditor.
    reader = Client()
    reader.force_login(alice)
    assert reader.get(reverse("people:detail", args=[person.pk])).status_code == 200
    event = EventFactory(direction=direction)
    course = CourseFactory(direction=direction)
    return {
        "users": users,
        "person": person,
        "status": status,
        "link": link,
        "consent": consent,
        "appeal": appeal,
        "issue": issue,
        "referral": referral,
        "case": case,
        "direction": direction,
        "service": service,
        "wave": wave,
        "event": event,
        "course": course,
    }
