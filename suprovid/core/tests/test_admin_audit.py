"""Edits through the admin site are audited like edits anywhere else."""

from __future__ import annotations

from suprovid import testing as t
from suprovid.core.models import AuditEntry


def test_changing_a_users_role_in_the_admin_is_audited(client, admin_user, alice):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/accounts/user/{alice.pk}/change/",
        {
            "email": alice.email,
            "full_name": alice.full_name,
            "role": "coordinator",
            "territory": t.KR_CITY,
            "institution": alice.institution_id,
            "is_active": "on",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="user.updated", object_id=str(alice.pk))
    assert entry.actor == admin_user
    assert entry.before == {"role": "specialist"}
    assert entry.after == {"role": "coordinator"}


def test_deleting_an_institution_in_the_admin_is_audited(client, admin_user, tree):
    institution = t.InstitutionFactory(code="TO-DELETE", name="Тимчасова установа")
    client.force_login(admin_user)

    response = client.post(f"/admin/network/institution/{institution.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="institution.deleted")
    assert entry.before is not None
    assert entry.before["code"] == "TO-DELETE"
