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


def _institution_form(institution, plans, extra=()):
    """The institution's admin page as posted, with its staffing-plan inline rows."""
    rows = [*plans, *extra]
    data = {
        "code": institution.code,
        "name": institution.name,
        "kind": institution.kind,
        "territory": institution.territory_id or "",
        "is_active": "on",
        "staffing_plans-TOTAL_FORMS": str(len(rows)),
        "staffing_plans-INITIAL_FORMS": str(len(plans)),
        "staffing_plans-MIN_NUM_FORMS": "0",
        "staffing_plans-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data |= {f"staffing_plans-{n}-{k}": v for k, v in row.items()}
    return data


def test_an_inline_staffing_plan_change_is_audited_with_its_diff(client, admin_user, tree):
    from suprovid.network.models import StaffingPlan

    institution = t.InstitutionFactory(code="KR-PLAN", name="Центр з планом")
    plan = StaffingPlan.objects.create(
        institution=institution, effective_from="2025-01-01", positions=4
    )
    old = StaffingPlan.objects.create(
        institution=institution, effective_from="2024-01-01", positions=3
    )
    client.force_login(admin_user)
    url = f"/admin/network/institution/{institution.pk}/change/"
    fields = {"institution": str(institution.pk)}

    response = client.post(
        url,
        _institution_form(
            institution,
            [
                {**fields, "id": str(plan.pk), "effective_from": "2025-01-01", "positions": "6"},
                {**fields, "id": str(old.pk), "effective_from": "2024-01-01", "positions": "3",
                 "DELETE": "on"},
            ],
            extra=[{**fields, "id": "", "effective_from": "2026-01-01", "positions": "7"}],
        ),
    )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:2000]
    updated = AuditEntry.objects.get(action="staffingplan.updated")
    assert (updated.object_id, updated.before, updated.after) == (
        str(plan.pk), {"positions": 4}, {"positions": 6}
    )  # fmt: skip
    deleted = AuditEntry.objects.get(action="staffingplan.deleted")
    assert deleted.object_id == str(old.pk)
    assert deleted.before is not None and deleted.before["positions"] == 3
    created = AuditEntry.objects.get(action="staffingplan.created")
    assert created.after is not None and created.after["positions"] == 7
    # The institution itself did not change: no empty "institution.updated" entry.
    assert not AuditEntry.objects.filter(action="institution.updated").exists()
