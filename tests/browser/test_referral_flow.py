"""The partner loop: a referral reaches a partner, is accepted, and the specialist sees it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.appeals.services import referral_send
from suprovid.appeals.tests.factories import register, sharing_consent

RNOKPP = "3012345670"
PHONE = "+380671234567"


@pytest.fixture
def referral(alice, kr_centre, legal_clinic, topics):
    person = t.PersonFactory(
        last_name="Дем’яненко",
        first_name="Ганна",
        patronymic="Юріївна",
        rnokpp=RNOKPP,
        phone=PHONE,
        address="вул. Тиха, 7, кв. 12",
    )
    sharing_consent(person)
    appeal = register(
        user=alice, institution=kr_centre, applicant=person, topics=("legal.consultation",)
    )
    issue = appeal.issues.get()
    return referral_send(
        actor=alice,
        issue=issue,
        institution=legal_clinic,
        due_on=timezone.localdate() + dt.timedelta(days=14),
        shared_note="Консультація щодо спадщини; телефонувати після 14:00.",
    )


def test_partner_accepts_a_referral_and_the_specialist_sees_it(
    login, page, live_server, alice, referral, lawyer, other_desk
):
    login(lawyer.email)
    page.get_by_role("navigation", name="Головне меню").get_by_role(
        "link", name="Направлення"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Направлення до нашої установи")
    row = page.get_by_role("row").filter(has_text="Дем’яненко Ганна")
    expect(row).to_contain_text("Правова консультація")
    expect(row).to_contain_text("надіслано")

    row.get_by_role("link", name="Дем’яненко Ганна Юріївна").click()
    page.wait_for_url(f"**/appeals/referrals/{referral.pk}/")
    expect(page.get_by_text("Консультація щодо спадщини")).to_be_visible()
    # Only what the referral shares: not the person's identifiers or contacts.
    body = page.locator("body").inner_text()
    for private in (RNOKPP, "067 123 45 67", PHONE, "0671234567", "вул. Тиха"):
        assert private not in body, private

    # Nor can the partner open the person's card.
    card = page.request.get(f"{live_server.url}/people/{referral.issue.person_id}/")
    assert card.status in (403, 404), card.status

    page.get_by_role("button", name="Прийняти").click()
    expect(page.get_by_role("alert").filter(has_text="Відповідь записано.")).to_be_visible()
    expect(page.locator("dl")).to_contain_text("прийнято")
    expect(page.get_by_role("button", name="Прийняти")).to_have_count(0)

    # The specialist who sent it sees the answer on the issue page.
    specialist = other_desk(alice.email)
    specialist.goto(f"{live_server.url}/appeals/issues/{referral.issue.pk}/")
    referrals = specialist.get_by_role("heading", name="Направлення", exact=True).locator(
        "xpath=following-sibling::ul[1]"
    )
    entry = referrals.get_by_role("listitem").filter(has_text="Юридична клініка «Право»")
    expect(entry).to_contain_text("прийнято")
    expect(entry).not_to_contain_text("надіслано")


def test_partner_of_another_institution_gets_not_found(
    login, page, live_server, make_user, referral
):
    other = t.InstitutionFactory(code="ZH-PSY", name="Психологічний центр", territory_id=t.ZH_CITY)
    outsider = make_user(Role.PARTNER, email="psy@example.test", institution=other)

    login(outsider.email)
    response = page.goto(f"{live_server.url}/appeals/referrals/{referral.pk}/")
    assert response is not None and response.status == 404

    page.goto(f"{live_server.url}/appeals/referrals/inbox/")
    expect(page.get_by_text("Направлень немає.")).to_be_visible()
    expect(page.get_by_text("Дем’яненко")).to_have_count(0)
