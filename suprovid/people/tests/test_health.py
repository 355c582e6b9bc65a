"""Health data (Law 2297-VI art. 7): recorded only with a health consent or a legal ground."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.appeals.models import Appeal, Issue
from suprovid.network.models import InstitutionKind
from suprovid.people.health import backfill_grounds
from suprovid.people.models import Consent, ConsentPurpose, Person, PersonStatus
from suprovid.people.tests.factories import make_consent
from suprovid.people.tests.test_views import _person_post

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _disability(**extra):
    data = {
        "status-code": "war_disabled",
        "status-disability_group": "2",
        "status-source": "paper",
        "status-health_ground": "",
    }
    data.update(extra)
    return data


def health_consent(person, **extra):
    return make_consent(person, purpose=ConsentPurpose.HEALTH, given_on=TODAY(), **extra)


# ----------------------------------------------------------------- statuses on the card


def test_a_disability_without_consent_or_ground_is_refused_on_the_card(client, alice, olena):
    client.force_login(alice)
    response = client.post(reverse("people:status_add", args=[olena.pk]), _disability())
    assert response.status_code == 400
    assert "special category (Law 2297-VI art. 7)" in response.text
    assert not PersonStatus.objects.filter(person=olena).exists()


def test_the_refusal_reads_in_ukrainian(alice, olena):
    client = Client(headers={"accept-language": "uk"})
    client.force_login(alice)
    with translation.override("uk"):
        response = client.post(reverse("people:status_add", args=[olena.pk]), _disability())
    assert response.status_code == 400
    assert "особливої категорії" in response.text
    assert "згоду особи на обробку даних про здоров" in response.text


def test_a_disability_rests_on_the_health_consent_in_force(client, alice, olena):
    consent = health_consent(olena)
    client.force_login(alice)
    response = client.post(reverse("people:status_add", args=[olena.pk]), _disability())
    assert response.status_code == 302
    status = PersonStatus.objects.get(person=olena)
    assert (status.health_ground, status.health_consent) == ("consent", consent)
    card = client.get(reverse("people:detail", args=[olena.pk]))
    assert "Health data on the ground:" in card.text and "consent" in card.text


def test_a_withdrawn_or_future_consent_is_no_ground(client, alice, olena):
    health_consent(olena, withdrawn_on=TODAY())
    make_consent(olena, purpose=ConsentPurpose.HEALTH, given_on=TODAY() + dt.timedelta(days=3))
    make_consent(olena, purpose=ConsentPurpose.SHARING, given_on=TODAY())
    client.force_login(alice)
    response = client.post(
        reverse("people:status_add", args=[olena.pk]),
        _disability(**{"status-health_ground": "consent"}),
    )
    assert response.status_code == 400
    assert "has no consent to processing of health data in force" in response.text
    assert not PersonStatus.objects.filter(person=olena).exists()


def test_another_ground_from_the_list_is_stored_with_the_status(client, alice, olena):
    client.force_login(alice)
    response = client.post(
        reverse("people:status_add", args=[olena.pk]),
        _disability(**{"status-health_ground": "legal_claim"}),
    )
    assert response.status_code == 302
    status = PersonStatus.objects.get(person=olena)
    assert (status.health_ground, status.health_consent) == ("legal_claim", None)


def test_the_health_care_ground_is_for_healthcare_staff_only(client, alice, olena, make_user):
    client.force_login(alice)  # a social-services centre
    data = _disability(**{"status-health_ground": "health_care"})
    response = client.post(reverse("people:status_add", args=[olena.pk]), data)
    assert response.status_code == 400
    assert "Only staff of a healthcare institution" in response.text
    hospital = t.InstitutionFactory(code="KR-HOSP", kind=InstitutionKind.HEALTHCARE)
    nurse = make_user(Role.SPECIALIST, institution=hospital, territory_id=t.KR_CITY)
    client.force_login(nurse)
    assert client.post(reverse("people:status_add", args=[olena.pk]), data).status_code == 302
    assert PersonStatus.objects.get(person=olena).health_ground == "health_care"


def test_statuses_that_are_not_health_data_need_no_ground(client, alice, olena):
    client.force_login(alice)
    data = {"status-code": "combatant", "status-source": "paper", "status-health_ground": "consent"}
    assert client.post(reverse("people:status_add", args=[olena.pk]), data).status_code == 302
    status = PersonStatus.objects.get(person=olena)
    assert (status.health_ground, status.health_consent) == ("", None)


# ------------------------------------------------------------------ the registration page


def _registration(**extra):
    return _person_post(
        **{
            "statuses-0-code": "war_disabled",
            "statuses-0-disability_group": "1",
            "confirm_create": "1",
            **extra,
        }
    )


def test_registration_refuses_a_disability_without_ground_and_saves_nothing(client, alice):
    client.force_login(alice)
    response = client.post(reverse("people:create"), _registration())
    assert response.status_code == 400
    assert "special category (Law 2297-VI art. 7)" in response.text
    assert not Person.objects.filter(last_name="Коваль").exists()


def test_registration_records_the_consent_signed_there_and_the_status_on_it(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("people:create"),
        _registration(**{"health_consent-given": "on", "health_consent-document": "згода № 17"}),
    )
    assert response.status_code == 302
    person = Person.objects.get(last_name="Коваль")
    consent = Consent.objects.get(person=person)
    assert (consent.purpose, consent.given_on, consent.document) == (
        "health",
        TODAY(),
        "згода № 17",
    )
    status = person.statuses.get()
    assert (status.health_ground, status.health_consent) == ("consent", consent)


# --------------------------------------------------------------------------------- API


def _api_person(**extra):
    body = {
        "last_name": "Гнатюк",
        "first_name": "Роман",
        "territory_code": t.KR_CITY,
        "statuses": [{"code": "war_disabled", "disability_group": "3"}],
        "confirm_duplicate": True,
    }
    body.update(extra)
    return body


def test_api_refuses_a_disability_without_ground_as_json(api_client, alice):
    api_client.force_authenticate(alice)
    response = api_client.post("/api/v1/persons/", _api_person(), format="json")
    assert response.status_code == 400
    assert "особливої категорії" in str(response.json()["statuses"])  # the API speaks Ukrainian
    assert not Person.objects.filter(last_name="Гнатюк").exists()


def test_api_records_a_consent_given_at_registration_and_the_status_on_it(api_client, alice):
    api_client.force_authenticate(alice)
    body = _api_person(
        consents=[{"purpose": "health", "given_on": TODAY().isoformat(), "document": "бланк 3"}]
    )
    response = api_client.post("/api/v1/persons/", body, format="json")
    assert response.status_code == 201, response.json()
    status = response.json()["statuses"][0]
    consent = Consent.objects.get(person_id=response.json()["id"])
    assert (status["health_ground"], status["health_consent"]) == ("consent", consent.pk)


def test_api_takes_a_ground_from_the_list(api_client, alice):
    api_client.force_authenticate(alice)
    body = _api_person(
        statuses=[
            {"code": "war_disabled", "disability_group": "3", "health_ground": "vital_interests"}
        ]
    )
    response = api_client.post("/api/v1/persons/", body, format="json")
    assert response.status_code == 201
    assert response.json()["statuses"][0]["health_ground"] == "vital_interests"
    bad = _api_person(statuses=[{"code": "war_disabled", "health_ground": "because"}])
    assert api_client.post("/api/v1/persons/", bad, format="json").status_code == 400


# ------------------------------------------------------------------- issues on health topics


def _appeal_body(person, **issue):
    return {
        "received_on": TODAY().isoformat(),
        "channel": "in_person",
        "appeal_type": "request",
        "institution_code": "KR-CSS",
        "applicant": person.pk,
        "issues": [{"topic": "psychological", "text": "Потрібна підтримка", **issue}],
    }


def test_api_refuses_a_psychological_issue_without_consent_or_ground(api_client, alice, olena):
    api_client.force_authenticate(alice)
    response = api_client.post("/api/v1/appeals/", _appeal_body(olena), format="json")
    assert response.status_code == 400
    message = str(response.json()["issues"])
    assert "Питання 1 (Психологічна підтримка)" in message and "особливої категорії" in message
    assert not Appeal.objects.exists()


def test_api_stores_the_ground_with_the_issue(api_client, alice, olena):
    api_client.force_authenticate(alice)
    response = api_client.post(
        "/api/v1/appeals/", _appeal_body(olena, health_ground="legal_claim"), format="json"
    )
    assert response.status_code == 201
    issue = Issue.objects.get()
    assert (issue.health_ground, issue.health_consent) == ("legal_claim", None)
    consent = health_consent(olena)
    response = api_client.post("/api/v1/appeals/", _appeal_body(olena), format="json")
    assert response.status_code == 201
    assert Issue.objects.latest("id").health_consent == consent


def test_the_intake_form_refuses_a_medical_issue_without_ground(client, alice, olena, kr_centre):
    client.force_login(alice)
    data = {
        "applicant": olena.pk,
        "received_on": TODAY().isoformat(),
        "channel": "in_person",
        "appeal_type": "request",
        "form": "individual",
        "institution": kr_centre.pk,
        "issues-TOTAL_FORMS": "1",
        "issues-INITIAL_FORMS": "0",
        "issues-MIN_NUM_FORMS": "0",
        "issues-MAX_NUM_FORMS": "20",
        "issues-0-topic": "medical",
        "issues-0-deadline_rule": "standard",
        "issues-0-health_ground": "",
    }
    response = client.post(reverse("appeals:create"), data)
    assert response.status_code == 200
    assert "special category (Law 2297-VI art. 7)" in response.text
    assert not Appeal.objects.exists()
    data["issues-0-health_ground"] = "vital_interests"
    assert client.post(reverse("appeals:create"), data).status_code == 302
    assert Issue.objects.get().health_ground == "vital_interests"


def test_an_anonymous_medical_appeal_concerns_nobody_and_needs_no_ground(alice, kr_centre):
    from suprovid.appeals import services
    from suprovid.appeals.models import AppealForm
    from suprovid.topics.models import Topic

    appeal = services.appeal_register(
        registered_by=alice,
        institution=kr_centre,
        applicant=None,
        received_on=TODAY(),
        channel="post",
        form=AppealForm.ANONYMOUS,
        issues=[services.IssueInput(topic=Topic.objects.get(code="medical"), person=None)],
    )
    assert appeal.issues.get().health_ground == ""


# ------------------------------------------------------------------- data before the rule


def test_existing_rows_take_the_consent_in_force_and_others_are_marked_on_the_card(
    client, admin_user, olena, zh_person, kr_centre
):
    from suprovid.appeals.models import Issue as IssueModel

    with_consent = t.give_status(olena, "war_disabled", disability_group="2")
    consent = health_consent(olena)
    legacy = t.give_status(zh_person, "war_disabled")
    issue = t.make_issue(person=olena, institution=kr_centre, topic="medical")
    assert backfill_grounds(consent=Consent, person_status=PersonStatus) == 1
    assert backfill_grounds(consent=Consent, issue=IssueModel) == 1
    with_consent.refresh_from_db()
    legacy.refresh_from_db()
    issue.refresh_from_db()
    assert (with_consent.health_ground, with_consent.health_consent) == ("consent", consent)
    assert (issue.health_ground, issue.health_consent) == ("consent", consent)
    assert (legacy.health_ground, legacy.health_consent) == ("", None)
    client.force_login(admin_user)
    card = client.get(reverse("people:detail", args=[zh_person.pk]))
    assert "recorded before the consent rule, with no legal ground" in card.text
