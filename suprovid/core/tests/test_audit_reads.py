"""Every read of personal data is audited, whatever the interface; one request's entries
share a correlation id; on PostgreSQL nobody can change or delete an entry."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from suprovid.core.audit import audit_record
from suprovid.core.models import AuditEntry
from suprovid.people.tests.factories import PersonFactory


@pytest.fixture
def people(alice):
    return [
        PersonFactory(last_name=f"Шевчук{i}", territory_id="UA12060170010065850") for i in range(3)
    ]


def test_an_api_search_writes_one_entry_naming_every_person_returned(api_client, alice, people):
    api_client.force_authenticate(alice)

    response = api_client.get("/api/v1/persons/?search=Шевчук")

    returned = sorted(r["id"] for r in response.json()["results"])
    entry = AuditEntry.objects.get(action="person.listed")
    assert entry.after is not None
    assert sorted(entry.after["ids"]) == returned == sorted(p.pk for p in people)
    assert entry.actor == alice


def test_reading_a_person_through_the_api_is_audited(api_client, alice, people):
    api_client.force_authenticate(alice)

    api_client.get(f"/api/v1/persons/{people[0].pk}/")

    entry = AuditEntry.objects.get(action="person.viewed")
    assert (entry.actor, entry.object_id) == (alice, str(people[0].pk))


def test_an_outsider_reading_a_person_through_the_api_gets_404_and_no_entry(
    api_client, bob, people
):
    api_client.force_authenticate(bob)

    assert api_client.get(f"/api/v1/persons/{people[0].pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action="person.viewed").exists()


def test_opening_the_edit_form_is_audited(client, alice, people):
    client.force_login(alice)

    client.get(reverse("people:edit", args=[people[0].pk]))

    assert AuditEntry.objects.filter(action="person.viewed", object_id=str(people[0].pk))


def test_the_web_list_names_the_persons_shown(client, alice, people):
    client.force_login(alice)

    client.get(reverse("people:list"))

    entry = AuditEntry.objects.get(action="person.listed")
    assert entry.after is not None
    assert sorted(entry.after["ids"]) == sorted(p.pk for p in people)


def test_entries_of_one_request_share_a_correlation_id_echoed_in_the_response(
    client, alice, people
):
    client.force_login(alice)

    response = client.get(reverse("people:detail", args=[people[0].pk]))

    entry = AuditEntry.objects.get(action="person.viewed")
    assert entry.correlation_id
    assert response["X-Request-ID"] == entry.correlation_id


@pytest.mark.postgres_only
def test_the_database_refuses_to_change_or_delete_an_audit_entry(alice):
    entry = audit_record(actor=alice, action="person.viewed", obj=alice)

    for attempt in (
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(action="nothing.happened"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
        lambda: connection.cursor().execute(
            "UPDATE core_auditentry SET actor_repr = 'x' WHERE id = %s", [entry.pk]
        ),
        lambda: connection.cursor().execute(
            "DELETE FROM core_auditentry WHERE id = %s", [entry.pk]
        ),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()

    entry.refresh_from_db()
    assert entry.action == "person.viewed"
