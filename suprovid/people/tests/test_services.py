"""People services: what gets written, what is refused, and what the audit log shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from suprovid.appeals.models import Issue
from suprovid.cases.models import CaseMember, SupportCase
from suprovid.core.concurrency import StaleObjectError
from suprovid.core.models import AuditEntry
from suprovid.people import services
from suprovid.people.models import Consent, FamilyLink, Person, PersonStatus
from suprovid.people.tests.factories import (
    PersonFactory,
    give_status,
    make_consent,
    make_link,
    rnokpp_for,
)
from suprovid.testing import make_issue

BIRTH = dt.date(1985, 3, 14)


def _create(actor, **fields):
    data = {"last_name": "Дем’яненко", "first_name": "Олена", "birth_date": BIRTH} | fields
    return services.person_create(actor=actor, fields=data)


def test_created_person_is_kept_by_the_creators_institution_and_audited(alice):
    person = services.person_create(
        actor=alice,
        fields={
            "last_name": " Дем'яненко ",
            "first_name": "Олена",
            "birth_date": BIRTH,
            "rnokpp": rnokpp_for(BIRTH),
            "phone": "067 123-45-67",
        },
        statuses=[{"code": "family_fallen"}],
    )
    assert person.institution_id == alice.institution_id
    assert person.last_name == "Дем’яненко"
    assert person.phone == "+380671234567"
    assert [s.code for s in person.statuses.all()] == ["family_fallen"]
    entry = AuditEntry.objects.for_object(person).get()
    assert entry.action == "person.created"
    assert entry.actor == alice
    assert entry.after is not None
    assert entry.after["statuses"] == ["family_fallen"]


def test_invalid_rnokpp_writes_nothing(alice):
    with pytest.raises(ValidationError) as error:
        _create(alice, rnokpp="1234567890")
    assert "rnokpp" in error.value.message_dict
    assert not Person.objects.exists()
    assert not AuditEntry.objects.exists()


def test_unknown_status_code_writes_nothing(alice):
    with pytest.raises(ValidationError):
        services.person_create(
            actor=alice,
            fields={"last_name": "Коваль", "first_name": "Ігор"},
            statuses=[{"code": "general"}],
        )
    assert not Person.objects.exists()


def test_second_person_with_the_same_rnokpp_is_refused(alice):
    _create(alice, rnokpp=rnokpp_for(BIRTH))
    with pytest.raises(ValidationError, match="already registered"):
        _create(alice, first_name="Інна", rnokpp=rnokpp_for(BIRTH))
    assert Person.objects.count() == 1


def test_update_records_only_the_changed_fields(alice):
    person = _create(alice)
    services.person_update(
        actor=alice, person=person, fields={"first_name": "Олеся"}, expected_version=1
    )
    person.refresh_from_db()
    assert person.first_name == "Олеся"
    assert person.version == 2
    entry = AuditEntry.objects.get(action="person.updated")
    assert entry.before == {"first_name": "Олена"}
    assert entry.after == {"first_name": "Олеся"}


def test_stale_update_is_refused_and_changes_nothing(alice):
    person = _create(alice)
    services.person_update(
        actor=alice, person=person, fields={"first_name": "Олеся"}, expected_version=1
    )
    stale = Person.objects.get(pk=person.pk)
    with pytest.raises(StaleObjectError):
        services.person_update(
            actor=alice, person=stale, fields={"first_name": "Оксана"}, expected_version=1
        )
    person.refresh_from_db()
    assert person.first_name == "Олеся"
    assert AuditEntry.objects.filter(action="person.updated").count() == 1


def test_family_link_records_the_reverse_relation_and_removal_removes_both(alice):
    mother = PersonFactory()
    son = PersonFactory()
    link = services.family_link_add(actor=alice, person=mother, relative=son, relation="child")
    assert FamilyLink.objects.get(person=son, relative=mother).relation == "parent"
    services.family_link_remove(actor=alice, link=link)
    assert not FamilyLink.objects.exists()
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "person.family_link_added" in actions
    assert "person.family_link_removed" in actions


def test_consent_withdrawal_keeps_the_record(alice):
    person = PersonFactory()
    consent = services.consent_record(
        actor=alice, person=person, purpose="health", given_on=dt.date(2025, 2, 1)
    )
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=alice, consent=consent, withdrawn_on=dt.date(2025, 1, 1))
    services.consent_withdraw(actor=alice, consent=consent, withdrawn_on=dt.date(2025, 3, 1))
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date(2025, 3, 1)
    assert not consent.is_active


def test_status_add_and_remove_are_audited(alice):
    person = PersonFactory()
    status = services.status_add(actor=alice, person=person, fields={"code": "combatant"})
    services.status_remove(actor=alice, status=status)
    assert not PersonStatus.objects.exists()
    entries = AuditEntry.objects.for_object(person).order_by("id")
    assert [e.action for e in entries] == ["person.status_added", "person.status_removed"]
    removed = entries[1].before
    assert removed is not None
    assert removed["code"] == "combatant"


def test_merge_moves_statuses_links_consents_issues_and_cases(alice, kr_centre):
    target = PersonFactory(last_name="Дем’яненко", first_name="Олена", birth_date=BIRTH)
    duplicate = PersonFactory(
        last_name="Demianenko", first_name="Olena", birth_date=BIRTH, phone="+380671234567"
    )
    child = PersonFactory()
    give_status(duplicate, "family_fallen")
    make_link(duplicate, child, "child")
    make_link(child, duplicate, "parent")
    make_link(duplicate, target, "other")  # would become a self-link: dropped
    make_consent(duplicate)
    issue = make_issue(person=duplicate, institution=kr_centre)
    case = SupportCase.objects.create(
        primary_person=duplicate, institution=kr_centre, opened_on=dt.date(2025, 1, 1)
    )
    CaseMember.objects.create(case=case, person=duplicate)
    CaseMember.objects.create(case=case, person=target)  # the same membership twice

    services.person_merge(actor=alice, target=target, duplicate=duplicate)

    duplicate.refresh_from_db()
    target.refresh_from_db()
    assert duplicate.merged_into == target
    assert [s.code for s in target.statuses.all()] == ["family_fallen"]
    assert FamilyLink.objects.get(person=target, relative=child).relation == "child"
    assert FamilyLink.objects.get(person=child, relative=target).relation == "parent"
    assert not FamilyLink.objects.filter(person=target, relative=target).exists()
    assert Consent.objects.get().person == target
    assert Issue.objects.get(pk=issue.pk).person == target
    assert issue.appeal.__class__.objects.get(pk=issue.appeal_id).applicant == target
    assert SupportCase.objects.get(pk=case.pk).primary_person == target
    assert list(CaseMember.objects.values_list("person_id", flat=True)) == [target.pk]
    assert target.phone == "+380671234567"  # filled from the duplicate
    entry = AuditEntry.objects.get(action="person.merged")
    assert entry.before is not None
    assert entry.after is not None
    assert entry.before["duplicate"]["id"] == duplicate.pk
    assert entry.after["duplicate"] == {"merged_into": target.pk}
    assert entry.after["moved"]["appeals.issue.person"] == [issue.pk]


def test_merging_into_oneself_or_twice_is_refused(alice):
    target = PersonFactory()
    duplicate = PersonFactory()
    with pytest.raises(ValidationError):
        services.person_merge(actor=alice, target=target, duplicate=target)
    services.person_merge(actor=alice, target=target, duplicate=duplicate)
    with pytest.raises(ValidationError):
        services.person_merge(actor=alice, target=target, duplicate=duplicate)


def test_merge_is_refused_when_both_records_have_an_open_case(alice, kr_centre):
    target = PersonFactory(last_name="Дем’яненко", first_name="Олена", birth_date=BIRTH)
    duplicate = PersonFactory(last_name="Demianenko", first_name="Olena", birth_date=BIRTH)
    for person in (target, duplicate):
        SupportCase.objects.create(
            primary_person=person, institution=kr_centre, opened_on=dt.date(2025, 1, 1)
        )

    with pytest.raises(ValidationError, match="open support case"):
        services.person_merge(actor=alice, target=target, duplicate=duplicate)

    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert SupportCase.objects.filter(primary_person=target).count() == 1


def test_merge_frees_the_rnokpp_for_the_kept_record(alice):
    target = PersonFactory(birth_date=BIRTH)
    duplicate = PersonFactory(birth_date=BIRTH, rnokpp=rnokpp_for(BIRTH))
    services.person_merge(actor=alice, target=target, duplicate=duplicate)
    target.refresh_from_db()
    assert target.rnokpp == rnokpp_for(BIRTH)
    assert Person.objects.active().get(rnokpp=rnokpp_for(BIRTH)) == target


def test_duplicates_found_by_rnokpp_by_birth_date_and_similar_name_and_by_name(alice):
    by_rnokpp = PersonFactory(
        last_name="Іваненко", first_name="Петро", birth_date=BIRTH, rnokpp=rnokpp_for(BIRTH)
    )
    latin = PersonFactory(last_name="Demyanenko", first_name="Olena", birth_date=BIRTH)
    no_date = PersonFactory(
        last_name="Дем’яненко", first_name="Олена", patronymic="Іванівна", birth_date=None
    )
    PersonFactory(last_name="Коваленко", first_name="Олена", birth_date=BIRTH)  # different
    PersonFactory(last_name="Дем’яненко", first_name="Олена", birth_date=dt.date(1990, 1, 1))

    found = services.person_find_duplicates(
        last_name="Дем'яненко",
        first_name="олена",
        patronymic="Іванівна",
        birth_date=BIRTH,
        rnokpp=rnokpp_for(BIRTH),
    )
    assert [c.person for c in found] == [by_rnokpp, latin, no_date]


def test_duplicates_are_looked_up_only_within_the_given_scope(alice, bob):
    PersonFactory(last_name="Demianenko", first_name="Olena", birth_date=BIRTH)
    found = services.person_find_duplicates(
        queryset=Person.objects.visible_to(bob),
        last_name="Дем’яненко",
        first_name="Олена",
        birth_date=BIRTH,
    )
    assert found == []


def test_merge_relations_are_found_in_every_app():
    labels = {
        f"{rel.related_model._meta.label_lower}.{rel.field.name}"
        for rel in services.person_relations()
    }
    assert {
        "people.personstatus.person",
        "people.familylink.relative",
        "appeals.issue.person",
        "appeals.appeal.applicant",
        "cases.casemember.person",
    } <= labels
