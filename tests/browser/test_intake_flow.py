"""The front desk registers an appeal: a mother applies, one issue concerns her son."""

from __future__ import annotations

from playwright.sync_api import expect

from suprovid import testing as t
from suprovid.appeals.models import Appeal
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
    page.get_by_role("radio", name="Гнатюк Олена Петрівна").check()

    # Choosing the applicant brings her family as suggestions for "person concerned".
    expect(page.locator("#family-options-slot")).to_contain_text("Гнатюк Тарас Іванович")

    first = page.locator("fieldset.issue-form").nth(0)
    first.get_by_label("Тема").select_option("documents.restore")
    first.get_by_label("Особа, якої стосується", exact=False).select_option(
        label="Гнатюк Тарас Іванович (дитина)"
    )
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


def test_front_desk_registers_a_familys_appeal_with_three_issues_for_three_members_by_name(
    login, page, live_server, alice
):
    mother = t.PersonFactory(last_name="Ковальчук", first_name="Ірина", patronymic="Петрівна")
    son = t.PersonFactory(last_name="Ковальчук", first_name="Андрій", patronymic="Іванович")
    husband = t.PersonFactory(last_name="Ковальчук", first_name="Іван", patronymic="Олегович")
    # Only the son's card records the link: the mother's family must still offer him.
    FamilyLink.objects.create(person=son, relative=mother, relation=Relation.PARENT)

    login(alice.email)
    page.goto(f"{live_server.url}/appeals/new/")
    # The search box has the focus on arrival: no tabbing through the menu.
    expect(page.locator("#person-q")).to_be_focused()
    page.keyboard.type("ковальчук ірина")
    page.get_by_role("radio", name="Ковальчук Ірина Петрівна").check()
    expect(page.locator("#applicant-chosen")).to_contain_text("Ковальчук Ірина Петрівна")
    expect(page.locator("#family-options-slot")).to_contain_text("Ковальчук Андрій Іванович")

    # Searching for the husband keeps the mother as the applicant.
    page.locator("#person-q").fill("ковальчук іван")
    page.get_by_role("button", name="Додати Ковальчук Іван Олегович", exact=False).click()
    expect(page.locator("#applicant-chosen")).to_contain_text("Ковальчук Ірина Петрівна")

    first = page.locator("fieldset.issue-form").nth(0)
    first.get_by_label("Тема").select_option("documents.restore")
    first.get_by_label("Особа, якої стосується", exact=False).select_option(
        label="Ковальчук Андрій Іванович (дитина)"
    )
    page.get_by_role("button", name="Додати ще питання").click()
    second = page.locator("fieldset.issue-form").nth(1)
    expect(second.locator("legend")).to_have_text("Питання 2")
    expect(second.get_by_label("Тема")).to_be_focused()
    second.get_by_label("Тема").select_option("payments")
    second.get_by_label("Особа, якої стосується", exact=False).select_option(
        label="Ковальчук Іван Олегович"
    )
    page.get_by_role("button", name="Додати ще питання").click()
    third = page.locator("fieldset.issue-form").nth(2)
    expect(third.locator("legend")).to_have_text("Питання 3")
    third.get_by_label("Тема").select_option("benefits")
    page.get_by_role("button", name="Зареєструвати звернення").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Звернення")
    appeal = Appeal.objects.get(applicant=mother)
    assert sorted(appeal.issues.values_list("person_id", flat=True)) == sorted(
        [mother.pk, son.pk, husband.pk]
    )
    page.get_by_role("link", name="Ковальчук Андрій Іванович").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ковальчук Андрій Іванович")


def test_quick_registration_is_prefilled_and_enter_does_not_submit_the_appeal(
    login, page, live_server, alice
):
    login(alice.email)
    page.goto(f"{live_server.url}/appeals/new/")
    page.locator("#person-q").fill("Лисенко Оксана")
    quick = page.locator("#quick-reg")
    expect(quick.get_by_label("Прізвище")).to_have_value("Лисенко")
    expect(quick.get_by_label("Ім’я")).to_have_value("Оксана")
    quick.get_by_label("Прізвище").press("Enter")
    expect(page.locator("#applicant-chosen")).to_contain_text("Лисенко Оксана")
    expect(page.get_by_role("radio", name="Лисенко Оксана")).to_be_focused()
    assert not Appeal.objects.exists()
