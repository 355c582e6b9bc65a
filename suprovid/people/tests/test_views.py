"""People pages: scope, search-first registration, the card, edits, merging."""

from __future__ import annotations

import pytest
from django.urls import reverse

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.core.models import AuditEntry
from suprovid.people.models import Consent, FamilyLink, Person, PersonStatus
from suprovid.people.tests.conftest import BIRTH
from suprovid.people.tests.factories import (
    PersonFactory,
    give_status,
    make_consent,
    person_form,
    rnokpp_for,
)

pytestmark = pytest.mark.django_db


def _person_post(**overrides):
    data = {
        "last_name": "Коваль",
        "first_name": "Ігор",
        "patronymic": "",
        "birth_date": "",
        "sex": "",
        "rnokpp": "",
        "passport": "",
        "unzr": "",
        "phone": "",
        "email": "",
        "territory": t.KR_CITY,
        "address": "",
        "actual_address": "",
        "fate": "",
        "notes": "",
    }
    return person_form(**(data | overrides))


# --------------------------------------------------------------------------- list


def test_list_shows_only_people_in_the_users_scope(client, alice, olena, zh_person):
    client.force_login(alice)
    response = client.get(reverse("people:list"))
    assert response.status_code == 200
    assert "Дем’яненко Олена Іванівна" in response.text
    assert "Ткачук" not in response.text


@pytest.mark.parametrize(
    "typed",
    ["дем'яненко", "ДЕМ'ЯНЕНКО", "Дем’яненко олена", "Demianenko", "Demyanenko", "067 123-45-67"],
)
def test_list_search_finds_a_name_however_it_is_typed(client, alice, olena, typed):
    PersonFactory(last_name="Коваленко", first_name="Андрій")
    client.force_login(alice)
    response = client.get(reverse("people:list"), {"q": typed})
    assert "Дем’яненко" in response.text
    assert "Коваленко" not in response.text


def test_list_search_by_rnokpp(client, alice, olena):
    client.force_login(alice)
    response = client.get(reverse("people:list"), {"q": rnokpp_for(BIRTH)})
    assert "Дем’яненко" in response.text


def test_list_filters_by_status_and_shows_an_empty_state(client, alice, olena):
    give_status(olena, "family_fallen")
    client.force_login(alice)
    assert "Дем’яненко" in client.get(reverse("people:list"), {"status": "family_fallen"}).text
    response = client.get(reverse("people:list"), {"status": "combatant"})
    assert "Дем’яненко" not in response.text
    assert "Nobody matches this search." in response.text


def test_list_filters_by_territory_subtree(client, admin_user, olena, zh_person):
    client.force_login(admin_user)
    response = client.get(reverse("people:list"), {"territory": t.ZH_OBLAST})
    assert "Ткачук" in response.text
    assert "Дем’яненко" not in response.text


def test_htmx_search_returns_only_the_results_partial(client, alice, olena):
    client.force_login(alice)
    response = client.get(reverse("people:list"), {"q": "олена"}, headers={"hx-request": "true"})
    assert "Дем’яненко" in response.text
    assert "<html" not in response.text


def test_list_query_count_does_not_grow_with_people(
    client, alice, tree, django_assert_max_num_queries
):
    for _ in range(20):
        give_status(PersonFactory(), "combatant")
    client.force_login(alice)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("people:list"))
    assert response.text.count("<tr>") == 21  # header + 20 persons


def test_export_is_scoped_and_neutralises_formulas(client, alice, tree, zh_person):
    PersonFactory(last_name="=HYPERLINK(1)", first_name="Олег")
    client.force_login(alice)
    response = client.get(reverse("people:list"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body
    assert "Ткачук" not in body


@pytest.mark.parametrize("role", [Role.PARTNER, Role.AUDITOR])
def test_partners_and_auditors_have_no_people_pages(client, make_user, olena, role):
    client.force_login(make_user(role, territory_id=t.KR_CITY))
    assert client.get(reverse("people:list")).status_code == 403
    response = client.get(reverse("people:detail", args=[olena.pk]))
    assert response.status_code in (403, 404)
    assert "Дем’яненко" not in response.text


# --------------------------------------------------------------------------- card


def test_card_shows_the_person_and_records_the_view(client, alice, olena):
    give_status(olena, "family_fallen")
    make_consent(olena, purpose="health")
    client.force_login(alice)
    response = client.get(reverse("people:detail", args=[olena.pk]))
    assert response.status_code == 200
    assert "Дем’яненко Олена Іванівна" in response.text
    assert "family member of a fallen" in response.text
    assert "processing of health and disability data" in response.text.lower()
    entry = AuditEntry.objects.get(action="person.viewed")
    assert entry.actor == alice
    assert entry.object_id == str(olena.pk)


def test_outsider_gets_404_for_the_card_and_nothing_is_logged(client, bob, olena):
    client.force_login(bob)
    assert client.get(reverse("people:detail", args=[olena.pk])).status_code == 404
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "name", ["people:edit", "people:merge", "people:family_add", "people:detail"]
)
def test_outsider_gets_404_for_every_page_of_a_person(client, bob, olena, name):
    client.force_login(bob)
    assert client.get(reverse(name, args=[olena.pk])).status_code == 404


def test_outsider_gets_404_for_writes_and_nothing_changes(client, bob, olena, zh_person):
    status = give_status(olena)
    client.force_login(bob)
    urls = [
        reverse("people:status_remove", args=[olena.pk, status.pk]),
        reverse("people:status_add", args=[olena.pk]),
        reverse("people:consent_add", args=[olena.pk]),
        reverse("people:merge_confirm", args=[zh_person.pk, olena.pk]),
    ]
    for url in urls:
        assert client.post(url, {"status-code": "combatant"}).status_code == 404
    assert PersonStatus.objects.filter(pk=status.pk).exists()
    assert Person.objects.get(pk=olena.pk).merged_into is None


# ------------------------------------------------------------------------- create


def test_create_with_a_status_and_the_creators_institution(client, alice, tree):
    client.force_login(alice)
    response = client.post(
        reverse("people:create"),
        _person_post(phone="067 765 43 21", **{"statuses-0-code": "combatant"}),
    )
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.institution_id == alice.institution_id
    assert person.phone == "+380677654321"
    assert list(person.statuses.values_list("code", flat=True)) == ["combatant"]
    assert AuditEntry.objects.filter(action="person.created", actor=alice).exists()


def test_create_shows_likely_duplicates_before_saving(client, alice, olena):
    client.force_login(alice)
    data = _person_post(last_name="Demianenko", first_name="Olena", birth_date="1985-03-14")
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 200
    assert "This person may already be registered" in response.text
    assert reverse("people:detail", args=[olena.pk]) in response.text
    assert Person.objects.count() == 1
    response = client.post(reverse("people:create"), {**data, "confirm_create": "1"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_create_with_invalid_rnokpp_writes_nothing(client, alice, tree):
    client.force_login(alice)
    response = client.post(reverse("people:create"), _person_post(rnokpp="1234567890"))
    assert response.status_code == 400
    assert "check digit" in response.text
    assert not Person.objects.exists()


def test_create_with_unknown_territory_writes_nothing(client, alice, tree):
    client.force_login(alice)
    response = client.post(reverse("people:create"), _person_post(territory="UA99999999999999999"))
    assert response.status_code == 400
    assert "There is no territory with the code" in response.text
    assert not Person.objects.exists()


def test_programme_manager_reads_but_cannot_register(client, make_user, olena):
    manager = make_user(Role.PROGRAMME_MANAGER, territory_id=t.KR_CITY)
    client.force_login(manager)
    assert client.get(reverse("people:detail", args=[olena.pk])).status_code == 200
    assert client.get(reverse("people:create")).status_code == 403
    assert client.post(reverse("people:create"), _person_post()).status_code == 403
    assert client.get(reverse("people:edit", args=[olena.pk])).status_code == 403


# --------------------------------------------------------------------------- edit


def _edit_post(person, **overrides):
    data = _person_post(
        last_name=person.last_name,
        first_name=person.first_name,
        patronymic=person.patronymic,
        birth_date=person.birth_date.isoformat() if person.birth_date else "",
        rnokpp=person.rnokpp,
        phone=person.phone,
        version=str(person.version),
    )
    data.update(overrides)
    return data


def test_edit_saves_and_audits_before_and_after(client, alice, olena):
    client.force_login(alice)
    response = client.post(
        reverse("people:edit", args=[olena.pk]), _edit_post(olena, first_name="Олеся")
    )
    assert response.status_code == 302
    olena.refresh_from_db()
    assert olena.first_name == "Олеся"
    entry = AuditEntry.objects.get(action="person.updated")
    assert entry.before == {"first_name": "Олена"}
    assert entry.after == {"first_name": "Олеся"}


def test_stale_edit_is_refused_and_keeps_the_users_input(client, alice, olena):
    client.force_login(alice)
    url = reverse("people:edit", args=[olena.pk])
    stale = _edit_post(olena, first_name="Оксана")
    client.post(url, _edit_post(olena, first_name="Олеся"))
    response = client.post(url, stale)
    assert response.status_code == 409
    assert "changed by someone else" in response.text
    assert 'value="Оксана"' in response.text
    olena.refresh_from_db()
    assert olena.first_name == "Олеся"


# ------------------------------------------------------------- statuses, family, consents


def test_status_is_added_and_removed_from_the_card(client, alice, olena):
    client.force_login(alice)
    client.post(
        reverse("people:status_add", args=[olena.pk]),
        {"status-code": "family_fallen", "status-source": "diia"},
    )
    status = olena.statuses.get()
    assert status.source == "diia"
    confirm = client.get(reverse("people:status_remove", args=[olena.pk, status.pk]))
    assert confirm.status_code == 200
    assert PersonStatus.objects.exists()  # a GET only asks
    client.post(reverse("people:status_remove", args=[olena.pk, status.pk]))
    assert not PersonStatus.objects.exists()


def test_family_member_is_found_and_linked_both_ways(client, alice, olena):
    son = PersonFactory(last_name="Дем’яненко", first_name="Артем", birth_date=None)
    client.force_login(alice)
    page = client.get(reverse("people:family_add", args=[olena.pk]), {"q": "артем"})
    assert "Артем" in page.text
    client.post(
        reverse("people:family_add", args=[olena.pk]), {"relative": son.pk, "relation": "child"}
    )
    assert FamilyLink.objects.get(person=olena, relative=son).relation == "child"
    assert FamilyLink.objects.get(person=son, relative=olena).relation == "parent"


def test_an_out_of_scope_person_cannot_be_linked(client, alice, olena, zh_person):
    client.force_login(alice)
    response = client.post(
        reverse("people:family_add", args=[olena.pk]),
        {"relative": zh_person.pk, "relation": "spouse"},
    )
    assert response.status_code == 404
    assert not FamilyLink.objects.exists()


def test_consent_is_recorded_and_withdrawn_from_the_card(client, alice, olena):
    client.force_login(alice)
    client.post(
        reverse("people:consent_add", args=[olena.pk]),
        {"consent-purpose": "processing", "consent-given_on": "2025-01-10"},
    )
    consent = Consent.objects.get(person=olena)
    client.post(
        reverse("people:consent_withdraw", args=[olena.pk, consent.pk]),
        {"withdrawn_on": "2025-02-01"},
    )
    consent.refresh_from_db()
    assert str(consent.withdrawn_on) == "2025-02-01"


# -------------------------------------------------------------------------- merge


def test_merge_lists_what_will_move_and_then_merges(client, alice, olena, kr_centre):
    duplicate = PersonFactory(last_name="Demianenko", first_name="Olena", birth_date=BIRTH)
    give_status(duplicate, "family_fallen")
    issue = t.make_issue(person=duplicate, institution=kr_centre)
    client.force_login(alice)
    choose = client.get(reverse("people:merge", args=[olena.pk]))
    assert reverse("people:merge_confirm", args=[olena.pk, duplicate.pk]) in choose.text
    url = reverse("people:merge_confirm", args=[olena.pk, duplicate.pk])
    preview = client.get(url)
    assert "statuses: 1" in preview.text.lower()
    assert Person.objects.get(pk=duplicate.pk).merged_into is None
    response = client.post(url)
    assert response.status_code == 302
    assert Person.objects.get(pk=duplicate.pk).merged_into == olena
    assert issue.__class__.objects.get(pk=issue.pk).person == olena
    assert olena.statuses.count() == 1
    assert AuditEntry.objects.filter(action="person.merged", actor=alice).exists()


def test_merged_duplicate_leaves_the_list(client, alice, olena):
    duplicate = PersonFactory(last_name="Demianenko", first_name="Olena", birth_date=BIRTH)
    client.force_login(alice)
    client.post(reverse("people:merge_confirm", args=[olena.pk, duplicate.pk]))
    client.get(reverse("people:list"))  # the page that shows the "merged" message
    response = client.get(reverse("people:list"), {"q": "olena"})
    assert "Demianenko" not in response.text
    assert "Дем’яненко" in response.text


def test_create_page_starts_from_the_searched_name(client, alice, tree):
    client.force_login(alice)
    response = client.get(reverse("people:create"), {"q": "Шевчук Тарас"})
    assert response.status_code == 200
    assert 'value="Шевчук"' in response.text
    assert 'value="Тарас"' in response.text
    assert 'name="statuses-0-code"' in response.text  # a status row from the start


def test_edit_page_carries_the_version_read(client, alice, olena):
    client.force_login(alice)
    response = client.get(reverse("people:edit", args=[olena.pk]))
    assert response.status_code == 200
    assert 'name="version" value="1"' in response.text
    assert f'value="{olena.rnokpp}"' in response.text


def test_card_of_a_person_with_an_appeal_renders_with_other_apps_panels(
    client, alice, olena, kr_centre, django_assert_max_num_queries
):
    t.make_issue(person=olena, institution=kr_centre)
    client.force_login(alice)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("people:detail", args=[olena.pk]))
    assert response.status_code == 200
    assert "Дем’яненко Олена Іванівна" in response.text
