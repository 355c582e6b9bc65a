"""Who downloaded which list, with which filters, is in the audit log."""

from __future__ import annotations

from suprovid import testing as t
from suprovid.core.models import AuditEntry


def test_downloading_the_people_list_is_audited_with_its_filters(client, alice):
    t.PersonFactory()
    client.force_login(alice)

    response = client.get("/people/", {"q": "шевч", "export": "csv"})

    assert response.status_code == 200
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
    entry = AuditEntry.objects.get(action="export.downloaded")
    assert entry.actor == alice
    assert "export=csv" in entry.object_repr and "q=" in entry.object_repr


def test_viewing_the_list_page_is_not_an_export(client, alice):
    client.force_login(alice)

    client.get("/people/", {"q": "шевч"})

    assert not AuditEntry.objects.filter(action="export.downloaded").exists()


def test_auditor_sees_the_download_in_the_audit_log(client, alice, make_user):
    client.force_login(alice)
    client.get("/people/", {"export": "xlsx"})
    auditor = make_user("auditor", email="auditor@example.test", territory_id=t.DNIPRO_OBLAST)
    client.force_login(auditor)

    page = client.get("/audit/", {"action": "export"}).content.decode()

    assert "export.downloaded" in page and alice.email in page
