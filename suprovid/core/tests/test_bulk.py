"""Bulk inserts for imports (`suprovid.core.bulk`) write what a new instance would hold,
and leave the ids so that later records are created as usual."""

from __future__ import annotations

import pytest
from django.db import transaction

from suprovid import testing as t
from suprovid.core.bulk import insert_objects, insert_rows, reserve_ids
from suprovid.core.importing import read_rows
from suprovid.core.models import AuditEntry
from suprovid.people.models import Person
from suprovid.people.reach import refresh_reach

pytestmark = pytest.mark.django_db


def test_rows_get_the_defaults_of_a_new_instance_and_json_round_trips(tree):
    before = t.PersonFactory()  # an id taken by the ORM first
    ids = reserve_ids(AuditEntry, 3)
    assert len(set(ids)) == 3
    insert_rows(
        AuditEntry,
        ["id", "action", "object_type", "object_id", "after"],
        [
            (ids[0], "person.imported", "people.person", str(before.pk), {"a": [1, "б"]}),
            (ids[1], "appeal.imported", "appeals.appeal", "7", None),
            (ids[2], "appeal.imported", "appeals.appeal", "8", {"issues": []}),
        ],
    )
    first = AuditEntry.objects.get(pk=ids[0])
    assert first.after == {"a": [1, "б"]} and first.before is None
    assert (first.correlation_id, first.actor_id, first.scope_institution) == ("", None, None)
    assert first.at is not None
    assert AuditEntry.objects.get(pk=ids[1]).after is None
    later = AuditEntry.objects.create(action="person.viewed", object_type="people.person")
    assert later.pk > max(ids)


def test_instances_are_inserted_with_their_ids_and_timestamps_set(tree):
    people = [Person(last_name="Коваль", first_name=f"Ім’я{n}") for n in range(3)]
    for person in people:
        person.refresh_search_fields()
    insert_objects(Person, people)
    refresh_reach(p.pk for p in people)
    assert all(p.pk and not p._state.adding and p.created_at for p in people)
    stored = Person.objects.get(pk=people[1].pk)
    assert (stored.first_name, stored.version, stored.name_key) == (
        "Ім’я1",
        1,
        people[1].name_key,
    )
    assert stored.created_at == people[1].created_at
    assert t.PersonFactory().pk > max(p.pk for p in people)


def test_ids_reserved_after_an_insert_are_past_the_inserted_rows():
    with transaction.atomic():
        first = reserve_ids(Person, 2)
        people = [Person(pk=pk, last_name="А", first_name="Б") for pk in first]
        for person in people:
            person.refresh_search_fields()
        insert_rows(
            Person,
            ["id", "last_name", "first_name", "search_text", "name_key"],
            [(p.pk, p.last_name, p.first_name, p.search_text, p.name_key) for p in people],
        )
        second = reserve_ids(Person, 2)
    assert not set(first) & set(second)


def test_csv_cells_lose_stray_byte_order_marks_and_short_rows_read_as_empty(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("a;b;c\n1;\ufeff2;3\n4\n", encoding="utf-8")
    rows = read_rows(path, {"a": [], "b": [], "c": []})
    assert [dict(r.values) for r in rows] == [
        {"a": "1", "b": "2", "c": "3"},
        {"a": "4", "b": "", "c": ""},
    ]
    path.write_text("a;b\n 1 ; 2 \n", encoding="utf-8")
    assert dict(read_rows(path, {"b": [], "a": []})[0].values) == {"a": "1", "b": "2"}
