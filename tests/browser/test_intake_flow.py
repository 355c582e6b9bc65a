"""The front desk registers an appeal: a mother applies, one issue concerns her son."""

from __future__ import annotations

from playwright.sync_api import expect

from suprovid.appeals.models import Appeal
from suprovid.core import testing as t
from suprovid.people.models import FamilyLink, Relation


def test_mother_applies_for_her_son_and_gets_a_numbered_appeal_with_deadlines(
    login, page, live_server, alice
):
    mother = t.PersonFactory(last_name="Гнатюк", first_name="Олена", patronymic="Петрівна")
    son = t.PersonFactory(last_name="Гнатюк", first_name="Тарас", patronymic="Іванович")
    FamilyLink.objects.create(person=mother, relative=son, relation=Relation.CHILD)

    login(alice.email)
    page.goto(f"{live_server.url}/appeals/new/")
    page.get_by_label("ПІБ, РНОКПП або телефон").fill("гнатюк олена")
    page.get_by_label("Гнатюк Олена Петрівна", exact=False).check()

    # Choosing the applicant brings her family as suggestions for "person concerned".
    expect(page.locator("#family-options-slot")).to_contain_text("Гнатюк Тарас Іванович")

    first = page.locator("fieldset.issue-form").nth(0)
    first.get_by_label("Тема").select_option("documents.restore")
    first.get_by_label("Особа, якої стосується", exact=False).fill(str(son.pk))
    first.get_by_label("Питання", exact=True).fill("Відновити посвідчення УБД сина")
    page.get_by_role("button", name="Додати ще питання").click()
    second = page.locator("fieldset.issue-form").nth(1)
    second.get_by_label("Тема").select_option("payments")
    page.get_by_role("button", name="Зареєструвати звернення").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Звернення")
    appeal = Appeal.objects.get(applicant=mother)
    expect(heading).to_contain_text(appeal.number)
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Відновлення документів")).to_contain_text("Гнатюк Тарас")
    expect(rows.filter(has_text="Виплати")).to_contain_text("Гнатюк Олена")
    persons = sorted(appeal.issues.values_list("person_id", flat=True))
    assert persons == sorted([mother.pk, son.pk])


def test_an_appeal_without_an_applicant_is_refused_and_keeps_what_was_typed(
    login, page, live_server, alice
):
    login(alice.email)
    page.goto(f"{live_server.url}/appeals/new/")
    page.get_by_label("Зміст").fill("Прошу допомогти з оформленням пільг")
    page.locator("fieldset.issue-form").nth(0).get_by_label("Тема").select_option("benefits")
    page.get_by_role("button", name="Зареєструвати звернення").click()

    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    expect(page.get_by_label("Зміст")).to_have_value("Прошу допомогти з оформленням пільг")
    assert not Appeal.objects.exists()
