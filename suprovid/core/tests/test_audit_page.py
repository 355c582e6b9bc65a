"""The audit log: append-only, readable by auditors and administrators only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from suprovid import testing as t
from suprovid.core.audit import audit_record
from suprovid.core.models import AuditEntry


@pytest.fixture
def entries(alice, kr_centre):
    edit = audit_record(
        actor=alice,
        action="institution.updated",
        obj=kr_centre,
        before={"name": "Старий центр"},
        after={"name": "Криворізький ЦНСП"},
    )
    view = audit_record(actor=alice, action="person.viewed", obj=kr_centre)
    return edit, view


def test_audit_entry_cannot_be_updated_or_deleted_through_the_model(entries):
    edit, _view = entries
    edit.action = "institution.deleted"
    with pytest.raises(PermissionError):
        edit.save()
    with pytest.raises(PermissionError):
        edit.delete()
    assert AuditEntry.objects.get(pk=edit.pk).action == "institution.updated"


def test_auditor_sees_entries_with_a_readable_diff(client, make_user, entries):
    client.force_login(make_user("auditor", territory_id=t.DNIPRO_OBLAST))
    response = client.get(reverse("core:audit"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "institution.updated" in html and "person.viewed" in html
    assert "<del>Старий центр</del>" in html
    assert "<ins>Криворізький ЦНСП</ins>" in html


def test_auditor_filters_by_actor_action_object_and_dates(client, make_user, entries, bob):
    audit_record(actor=bob, action="person.viewed", obj=bob)
    # An administrator reads the whole log (bob works in another oblast).
    client.force_login(make_user("admin", email="root@example.test"))
    page = reverse("core:audit")

    def actions(**params):
        rows = client.get(page, params).context["rows"]
        return sorted((r["entry"].actor_repr, r["entry"].action) for r in rows)

    assert actions(actor="bob@") == [("bob@example.test", "person.viewed")]
    assert actions(action="institution") == [("alice@example.test", "institution.updated")]
    assert len(actions(action="person.viewed")) == 2
    assert actions(object_type="accounts.user") == [("bob@example.test", "person.viewed")]
    edit, _ = entries
    assert actions(object_type="network.institution", object_id=str(edit.object_id)) == [
        ("alice@example.test", "institution.updated"),
        ("alice@example.test", "person.viewed"),
    ]
    today = timezone.localdate()
    assert len(actions(date_from=today.isoformat(), date_to=today.isoformat())) == 3
    assert actions(date_to=(today - dt.timedelta(days=1)).isoformat()) == []


def test_audit_page_paginates_on_the_server(client, admin_user, kr_centre):
    for n in range(30):
        audit_record(actor=admin_user, action="person.viewed", obj=kr_centre, after={"n": n})
    client.force_login(admin_user)
    first = client.get(reverse("core:audit"))
    second = client.get(reverse("core:audit"), {"page": 2})
    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 5


def test_audit_csv_export(client, make_user, entries):
    client.force_login(make_user("auditor", territory_id=t.DNIPRO_OBLAST))
    response = client.get(reverse("core:audit"), {"export": "csv", "action": "institution"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "institution.updated" in text
    assert "Name: Старий центр → Криворізький ЦНСП" in text  # the verbose field name
    assert "person.viewed" not in text


@pytest.mark.parametrize("role", ["specialist", "coordinator", "intake", "partner"])
def test_other_roles_get_404(client, make_user, entries, role):
    client.force_login(make_user(role))
    assert client.get(reverse("core:audit")).status_code == 404


def test_audit_page_offers_no_way_to_change_entries(client, make_user, entries):
    client.force_login(make_user("auditor", territory_id=t.DNIPRO_OBLAST))
    assert client.post(reverse("core:audit")).status_code == 405
    assert AuditEntry.objects.count() == 2
