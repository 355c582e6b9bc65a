"""Where a person is visible follows their record and their issues, through `PersonReach`.

Visibility is one semi-join on the derived reach rows (people/reach.py); these tests walk
the write paths that move a person's reach and look from the users' side: the card opens
(200) or is not there (404), the person is in the list or not. (Every test of the suite
also checks, at teardown, that the table matches its sources: conftest.py.)
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.appeals.services import issue_reassign
from suprovid.appeals.tests.factories import register
from suprovid.people.models import PersonReach
from suprovid.people.reach import reach_drift
from suprovid.people.services import person_merge, person_update

pytestmark = pytest.mark.django_db


def card(client: Any, user: Any, person: Any) -> int:
    client.force_login(user)
    return int(client.get(reverse("people:detail", args=[person.pk])).status_code)


def listed(client: Any, user: Any, person: Any) -> bool:
    client.force_login(user)
    return person.full_name in client.get(reverse("people:list")).content.decode()


def test_a_person_from_elsewhere_becomes_visible_where_their_appeal_is_handled(
    client: Any, alice: Any, kr_centre: Any
) -> None:
    visitor = t.PersonFactory(territory_id=t.ZH_CITY)
    assert card(client, alice, visitor) == 404

    register(user=alice, institution=kr_centre, applicant=visitor)

    assert card(client, alice, visitor) == 200
    assert listed(client, alice, visitor)


def test_reassigning_an_issue_moves_the_person_to_the_new_specialist_and_back(
    client: Any, alice: Any, bob: Any, zh_centre: Any
) -> None:
    person = t.PersonFactory(territory_id=t.ZH_CITY)
    appeal = register(user=bob, institution=zh_centre, applicant=person, assignee=bob)
    issue = appeal.issues.get()
    assert card(client, alice, person) == 404

    issue = issue_reassign(actor=bob, issue=issue, assignee=alice)
    assert card(client, alice, person) == 200  # her own issue, though the person is in ZH

    issue_reassign(actor=bob, issue=issue, assignee=bob)
    assert card(client, alice, person) == 404
    assert card(client, bob, person) == 200


def test_moving_a_person_out_of_the_oblast_takes_them_off_the_coordinators_list(
    client: Any, make_user: Any, tree: Any, admin_user: Any
) -> None:
    coordinator = make_user(Role.COORDINATOR, territory_id=t.DNIPRO_OBLAST)
    person = t.PersonFactory(territory_id=t.KR_CITY)
    assert listed(client, coordinator, person)

    person_update(
        actor=admin_user,
        person=person,
        fields={"territory": tree[t.ZH_CITY]},
        expected_version=person.version,
    )

    assert not listed(client, coordinator, person)
    assert card(client, coordinator, person) == 404


def test_after_a_merge_the_survivor_is_visible_where_the_duplicates_issues_are_handled(
    client: Any, alice: Any, bob: Any, kr_centre: Any, admin_user: Any
) -> None:
    survivor = t.PersonFactory(territory_id=t.ZH_CITY, rnokpp="")
    duplicate = t.PersonFactory(territory_id=t.ZH_CITY, rnokpp="")
    register(user=alice, institution=kr_centre, applicant=duplicate)
    assert card(client, alice, survivor) == 404

    person_merge(actor=admin_user, target=survivor, duplicate=duplicate)

    assert card(client, alice, survivor) == 200
    assert card(client, bob, survivor) == 200  # still where the survivor lives


def test_the_reach_command_finds_drift_and_rebuilds(alice: Any, kr_centre: Any) -> None:
    person = t.PersonFactory(territory_id=t.ZH_CITY)
    register(user=alice, institution=kr_centre, applicant=person)
    call_command("reach", stdout=(out := StringIO()))
    assert "matches" in out.getvalue()

    PersonReach.objects.filter(person=person, institution=kr_centre).delete()  # drift
    with pytest.raises(CommandError, match="1 missing"):
        call_command("reach")

    call_command("reach", "--rebuild", stdout=(out := StringIO()))
    assert "rows" in out.getvalue()
    assert reach_drift() == ([], [])


def test_the_people_list_asks_one_question_of_the_reach_table(
    client: Any, make_user: Any, tree: Any
) -> None:
    """No `OR EXISTS (issues …)` per person: visibility is one semi-join on PersonReach."""
    coordinator = make_user(Role.COORDINATOR, territory_id=t.DNIPRO_OBLAST)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    t.PersonFactory(territory_id=t.KR_CITY)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("people:list")).status_code == 200
    listing = [q["sql"] for q in queries if 'FROM "people_person"' in q["sql"]]
    assert listing and all("appeals_issue" not in sql for sql in listing)
    if connection.vendor == "postgresql":  # the person's own reach words, not a join
        assert any("string_to_array" in sql for sql in listing)
        assert all("people_personreach" not in sql for sql in listing)
    else:
        assert any("people_personreach" in sql for sql in listing)


def words(person: Any) -> set[str]:
    person.refresh_from_db()
    return set(person.reach_tokens.split())


def test_a_persons_reach_words_name_every_level_institution_and_specialist(
    alice: Any, bob: Any, kr_centre: Any, zh_centre: Any
) -> None:
    person = t.PersonFactory(territory_id=t.KR_CITY)
    # Kryvyi Rih city: oblast, raion, hromada, settlement; no city-district level.
    assert words(person) == {"UA12", "UA1206", "UA1206017", "UA1206017001"}

    appeal = register(user=bob, institution=zh_centre, applicant=person, assignee=bob)
    zhytomyr = {"UA18", "UA1804", "UA1804019", "UA1804019001", f"i{zh_centre.pk}"}
    assert words(person) == {"UA12", "UA1206", "UA1206017", "UA1206017001"} | zhytomyr | {
        f"u{bob.pk}"
    }

    issue_reassign(actor=bob, issue=appeal.issues.get(), assignee=alice)
    assert f"u{bob.pk}" not in words(person)
    assert f"u{alice.pk}" in words(person)


def test_saving_an_old_copy_of_a_person_keeps_the_reach_a_colleague_just_gave_them(
    client: Any, bob: Any, zh_centre: Any
) -> None:
    """Reach words are written by refresh_reach only: `save()` of a copy loaded before
    another transaction's refresh must not put the old words back (the person would vanish
    from the new specialist's lists)."""
    person = t.PersonFactory(territory_id=t.KR_CITY)
    old_copy = type(person).objects.get(pk=person.pk)
    register(user=bob, institution=zh_centre, applicant=person, assignee=bob)

    old_copy.notes = "уточнено телефон"
    old_copy.save()

    assert f"u{bob.pk}" in words(person)
    assert card(client, bob, person) == 200


def test_the_reach_command_finds_wrong_words_and_rebuilds_them(alice: Any) -> None:
    person = t.PersonFactory(territory_id=t.KR_CITY)
    type(person).objects.filter(pk=person.pk).update(reach_tokens="UA18")  # drift

    with pytest.raises(CommandError, match="reach words of some persons"):
        call_command("reach")

    call_command("reach", "--rebuild", stdout=StringIO())
    assert words(person) == {"UA12", "UA1206", "UA1206017", "UA1206017001"}


def test_the_reach_words_show_each_user_exactly_the_persons_the_reach_rows_do(
    make_user: Any, tree: Any, kr_centre: Any, zh_centre: Any, alice: Any, bob: Any
) -> None:
    from django.db.models import Exists, OuterRef

    from suprovid.accounts.scope import Scope
    from suprovid.people.models import Person, ReachTokensOverlap, reach_q
    from suprovid.people.reach import scope_tokens

    people = [
        t.PersonFactory(territory_id=code)
        for code in (t.KR_CITY, t.KR_DISTRICT_SAKSAHAN, t.ZH_CITY, t.KHERSON_VILLAGE_KR, None)
    ]
    register(user=alice, institution=kr_centre, applicant=people[2], assignee=alice)
    register(user=bob, institution=zh_centre, applicant=people[4], assignee=bob)
    users = [
        alice,
        bob,
        make_user(Role.COORDINATOR, territory_id=t.DNIPRO_OBLAST),
        make_user(Role.COORDINATOR, territory_id=t.KR_RAION),
        make_user(Role.COORDINATOR, territory_id=t.KR_DISTRICT_SAKSAHAN),
        make_user(Role.COORDINATOR, territory_id=t.KHERSON_HROMADA),
        make_user(Role.INTAKE, institution=zh_centre),
    ]
    seen_somewhere = set()
    for user in users:
        tokens = ReachTokensOverlap(scope_tokens(Scope.of(user)))
        by_words = set(Person.objects.filter(tokens).values_list("pk", flat=True))
        by_rows = set(
            Person.objects.filter(
                Exists(PersonReach.objects.filter(reach_q(user), person=OuterRef("pk")))
            ).values_list("pk", flat=True)
        )
        assert by_words == by_rows, user
        # …and that is what the user is shown (words on PostgreSQL, rows on SQLite).
        assert set(Person.objects.visible_to(user).values_list("pk", flat=True)) == by_rows
        seen_somewhere |= by_words
    assert seen_somewhere == {p.pk for p in people}
