from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from suprovid import testing as t
from suprovid.appeals.models import Issue, IssueStatus
from suprovid.network.models import InstitutionKind

from .factories import register, sharing_consent

pytestmark = pytest.mark.django_db


def body(person, son=None, **extra):
    return {
        "received_on": timezone.localdate().isoformat(),
        "channel": "online",
        "contact": "reply@example.test",
        "appeal_type": "request",
        "institution_code": "KR-CSS",
        "applicant": person.pk,
        "issues": [
            {"topic": "legal", "text": "Консультація", "person": None,
             "specialist_email": "alice@example.test"},
            {"topic": "documents.restore", "text": "Паспорт", "person": (son or person).pk,
             "specialist_email": ""},
        ],
        **extra,
    }  # fmt: skip


def test_post_appeal_with_nested_issues_returns_number_and_due_dates(api_client, alice, kr_centre):
    mother, son = t.PersonFactory(), t.PersonFactory()
    api_client.force_authenticate(alice)
    response = api_client.post("/api/v1/appeals/", body(mother, son), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["id"] and data["number"].startswith("KR-CSS/")
    assert len(data["issues"]) == 2
    assert all(i["id"] and i["due_on"] for i in data["issues"])
    assert Issue.objects.get(pk=data["issues"][1]["id"]).person == son


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"institution_code": "ZH-CSS"}, "institution_code"),
        ({"channel": "pigeon"}, "channel"),
        ({"issues": []}, "issues"),
        ({"issues": [{"topic": "nope"}]}, "issues"),
        ({"received_on": "31.02.2024"}, "received_on"),
    ],
)
def test_bad_appeal_input_is_a_400_naming_the_field(
    api_client, alice, kr_centre, zh_centre, change, field
):
    api_client.force_authenticate(alice)
    response = api_client.post("/api/v1/appeals/", body(t.PersonFactory(), **change), format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_outsider_cannot_use_a_person_or_see_an_issue_of_kryvyi_rih(
    api_client, alice, bob, kr_centre
):
    person = t.PersonFactory()
    issue = register(user=alice, institution=kr_centre, applicant=person).issues.get()
    api_client.force_authenticate(bob)
    assert api_client.get(f"/api/v1/issues/{issue.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/appeals/{issue.appeal_id}/").status_code == 404
    closing = {"outcome": "explained", "closed_on": timezone.localdate().isoformat()}
    assert (
        api_client.post(f"/api/v1/issues/{issue.pk}/close/", closing, format="json").status_code
        == 404
    )
    assert api_client.get("/api/v1/issues/").json()["count"] == 0
    response = api_client.post(
        "/api/v1/appeals/", body(person, institution_code="ZH-CSS"), format="json"
    )
    assert response.status_code == 400 and "applicant" in response.json()


def test_close_reopen_extend_and_stale_patch_is_409(api_client, alice, kr_centre):
    received = timezone.localdate() - dt.timedelta(days=3)
    issue = register(
        user=alice, institution=kr_centre, applicant=t.PersonFactory(), received_on=received
    ).issues.get()
    api_client.force_authenticate(alice)
    url = f"/api/v1/issues/{issue.pk}/"
    within = {"until": (received + dt.timedelta(days=40)).isoformat(), "reason": "Запит"}
    # Law 393/96 art. 20: only the head (or a deputy) extends; a specialist is refused.
    with translation.override("en"):
        refused = api_client.post(url + "extend/", within, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "head" in str(refused.json())
    alice.is_head = True
    too_far = {"until": (received + dt.timedelta(days=46)).isoformat(), "reason": "Запит"}
    response = api_client.post(url + "extend/", too_far, format="json")
    assert response.status_code == 400 and "45" in str(response.json())
    ok = {"until": (received + dt.timedelta(days=40)).isoformat(), "reason": "Запит"}
    assert api_client.post(url + "extend/", ok, format="json").json()["due_on"] == ok["until"]
    stale = api_client.patch(url, {"version": 1, "text": "Нове"}, format="json")
    assert stale.status_code == 409 and "detail" in stale.json()
    closed = api_client.post(
        url + "close/",
        {
            "outcome": "resolved",
            "support_kind": "legal_consultation",
            "closed_on": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == IssueStatus.CLOSED
    no_reason = api_client.post(url + "reopen/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400
    reopened = api_client.post(url + "reopen/", {"reason": "Скарга"}, format="json")
    assert reopened.json()["status"] == IssueStatus.IN_PROGRESS


def test_partner_sees_only_shared_fields_of_own_referrals(api_client, alice, kr_centre, make_user):
    legal = t.InstitutionFactory(code="LEGAL", kind=InstitutionKind.PARTNER)
    other = t.InstitutionFactory(code="OTHER", kind=InstitutionKind.PARTNER)
    issue = register(user=alice, institution=kr_centre, applicant=t.PersonFactory()).issues.get()
    sharing_consent(issue.person)
    api_client.force_authenticate(alice)
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    created = api_client.post(
        "/api/v1/referrals/",
        {"issue": issue.pk, "institution_code": "LEGAL", "due_on": due, "shared_note": "Спадщина"},
        format="json",
    )
    assert created.status_code == 201
    rid = created.json()["id"]
    api_client.force_authenticate(make_user("partner", institution=other))
    assert api_client.get(f"/api/v1/referrals/{rid}/").status_code == 404
    assert api_client.get(f"/api/v1/issues/{issue.pk}/").status_code == 404
    api_client.force_authenticate(make_user("partner", institution=legal))
    seen = api_client.get(f"/api/v1/referrals/{rid}/").json()
    assert seen["shared_note"] == "Спадщина" and "issue" not in seen and "consent" not in seen
    assert api_client.get(f"/api/v1/issues/{issue.pk}/").status_code == 404
    accepted = api_client.post(f"/api/v1/referrals/{rid}/accept/", {}, format="json")
    assert accepted.json()["status"] == "accepted"


def _case_for(person, alice, kr_centre):
    from suprovid.cases.services import case_open

    t.give_status(person)
    return case_open(actor=alice, primary_person=person, institution=kr_centre, specialist=alice)


def test_appeal_linked_to_the_applicants_case(api_client, alice, kr_centre):
    veteran = t.PersonFactory()
    case = _case_for(veteran, alice, kr_centre)
    api_client.force_authenticate(alice)

    response = api_client.post("/api/v1/appeals/", body(veteran, case=case.pk), format="json")

    assert response.status_code == 201, response.json()
    assert case.appeals.get().number == response.json()["number"]


def test_appeal_cannot_be_linked_to_someone_elses_case(api_client, alice, kr_centre):
    other = t.PersonFactory()
    case = _case_for(other, alice, kr_centre)
    applicant = t.PersonFactory()
    api_client.force_authenticate(alice)

    response = api_client.post("/api/v1/appeals/", body(applicant, case=case.pk), format="json")

    assert response.status_code == 400
    assert "case" in response.json()
    assert not case.appeals.exists()


def test_an_issue_person_id_too_large_for_the_database_is_a_400(api_client, alice, kr_centre):
    person = t.PersonFactory()
    api_client.force_authenticate(alice)
    payload = body(person)
    payload["issues"][1]["person"] = 10**20
    response = api_client.post("/api/v1/appeals/", payload, format="json")
    assert response.status_code == 400 and "issues" in response.json()
    assert not Issue.objects.exists()


def test_an_issue_cannot_be_given_to_a_specialist_outside_the_users_scope(
    api_client, alice, bob, kr_centre
):
    person = t.PersonFactory()
    api_client.force_authenticate(alice)
    payload = body(person)
    payload["issues"][0]["specialist_email"] = bob.email
    response = api_client.post("/api/v1/appeals/", payload, format="json")
    assert response.status_code == 400 and "issues" in response.json()
    assert not Issue.objects.visible_to(bob).exists()

    appeal = register(user=alice, institution=kr_centre, applicant=person)
    issue = appeal.issues.get()
    response = api_client.patch(
        f"/api/v1/issues/{issue.pk}/",
        {"version": issue.version, "specialist_email": bob.email},
        format="json",
    )
    assert response.status_code == 400 and "specialist_email" in response.json()
    issue.refresh_from_db()
    assert issue.assignee == alice
