"""An auditor reads everything that happened to one person, found by name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from suprovid import testing as t
from suprovid.appeals import services as s
from suprovid.appeals.tests.factories import register, sharing_consent
from suprovid.core.audit import audit_record
from suprovid.network.models import InstitutionKind

pytestmark = pytest.mark.django_db


def test_auditor_finds_a_person_by_name_and_sees_her_appeal_issue_and_referral(
    client, make_user, alice, kr_centre
):
    person = t.PersonFactory(last_name="Остапчук", first_name="Віра")
    other = t.PersonFactory(last_name="Сидоренко", first_name="Лев")
    appeal = register(user=alice, institution=kr_centre, applicant=person)
    register(user=alice, institution=kr_centre, applicant=other)
    issue = appeal.issues.get()
    sharing_consent(person)
    legal = t.InstitutionFactory(code="LEGAL-KR", kind=InstitutionKind.PARTNER)
    s.referral_send(
        actor=alice,
        issue=issue,
        institution=legal,
        due_on=timezone.localdate() + dt.timedelta(days=5),
    )
    audit_record(actor=alice, action="person.viewed", obj=person)
    client.force_login(make_user("auditor", territory_id=t.KR_CITY))

    found = client.get(reverse("core:person_history"), {"q": "остапчук"}).content.decode()
    assert f"?person={person.pk}" in found and "Сидоренко" not in found

    page = client.get(reverse("core:person_history"), {"person": person.pk}).content.decode()
    for action in ("person.viewed", "appeal.registered", "referral.sent"):
        assert action in page, action
    assert other.full_name not in page


def test_an_auditor_of_another_oblast_finds_nobody_of_kryvyi_rih(
    client, make_user, alice, kr_centre
):
    person = t.PersonFactory(last_name="Остапчук", first_name="Віра")
    register(user=alice, institution=kr_centre, applicant=person)
    audit_record(actor=alice, action="person.viewed", obj=person)
    client.force_login(make_user("auditor", territory_id=t.ZH_CITY))

    found = client.get(reverse("core:person_history"), {"q": "остапчук"}).content.decode()
    assert f"?person={person.pk}" not in found
    assert client.get(reverse("core:person_history"), {"person": person.pk}).status_code == 404


def test_person_history_is_not_there_for_staff_without_audit_rights(client, alice):
    client.force_login(alice)
    assert client.get(reverse("core:person_history")).status_code == 404


def test_audit_changes_show_field_names_and_choice_labels_not_codes(
    client, make_user, alice, kr_centre
):
    appeal = register(user=alice, institution=kr_centre, applicant=t.PersonFactory())
    issue = appeal.issues.get()
    audit_record(
        actor=alice,
        action="issue.closed",
        obj=issue,
        before={"status": "open"},
        after={"status": "closed", "closed_at": "2026-03-01T10:00:00+00:00"},
    )
    client.force_login(make_user("auditor", territory_id=t.KR_CITY))
    page = client.get(reverse("core:audit"), HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "01.03.2026 12:00:00" in page  # Kyiv time, not ISO UTC
    assert ">status<" not in page


def test_help_page_puts_the_users_own_role_first(client, make_user, kr_centre):
    partner = make_user("partner", institution=kr_centre)
    client.force_login(partner)
    page = client.get(reverse("core:help"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.index("answer a referral") < page.index("register an appeal for a family")
