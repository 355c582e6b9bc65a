"""The scope rule every app relies on, checked on the shared fixtures."""

from __future__ import annotations

from suprovid import testing as t
from suprovid.people.models import Person


def test_specialist_sees_people_of_their_city_and_not_of_another_oblast(alice, bob, tree):
    kr_person = t.PersonFactory(territory_id=t.KR_DISTRICT_SAKSAHAN)
    zh_person = t.PersonFactory(territory_id=t.ZH_CITY)

    assert list(Person.objects.visible_to(alice)) == [kr_person]
    assert list(Person.objects.visible_to(bob)) == [zh_person]


def test_person_living_elsewhere_is_visible_where_their_issue_is_handled(alice, kr_centre, tree):
    visitor = t.PersonFactory(territory_id=t.ZH_CITY)
    assert not Person.objects.visible_to(alice).filter(pk=visitor.pk).exists()

    t.make_issue(person=visitor, institution=kr_centre)

    assert Person.objects.visible_to(alice).filter(pk=visitor.pk).exists()


def test_auditor_sees_no_people(make_user, tree):
    t.PersonFactory()
    auditor = make_user("auditor")
    assert not Person.objects.visible_to(auditor).exists()
