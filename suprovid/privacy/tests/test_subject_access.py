"""The subject-access report (Law 2297-VI art. 8): everything held on a person, audited."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.appeals import services as s
from suprovid.appeals.models import Outcome
from suprovid.appeals.tests.factories import register, sharing_consent
from suprovid.cases.models import CaseMember, SupportCase
from suprovid.core.models import AuditEntry
from suprovid.people.models import ConsentPurpose
from suprovid.people.tests.factories import PersonFactory, make_consent, make_link
from suprovid.privacy.subject_access import subject_access_report
from suprovid.programmes.models import Delivery, Enrolment, Registration
from suprovid.programmes.tests.factories import CourseFactory, EventFactory, ServiceFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def coordinator(make_user, kr_centre):
    return make_user(
        Role.COORDINATOR, email="coord@example.test", institution=kr_centre, territory_id=t.KR_CITY
    )


@pytest.fixture
def outsider(make_user, zh_centre):
    return make_user(
        Role.COORDINATOR, email="coord.zh@example.test", institution=zh_centre,
        territory_id=t.ZH_CITY,
    )  # fmt: skip


def _fill(person, *, alice, kr_centre, appeals=1):
    """A record with something in every section."""
    make_consent(person, purpose=ConsentPurpose.HEALTH, given_on=TODAY, document="бланк 5")
    t.give_status(person, "war_disabled", disability_group="2", health_ground="legal_claim")
    son = PersonFactory(last_name="Син", first_name="Тарас", patronymic="")
    make_link(person, son, "child")
    legal = t.InstitutionFactory(code="KR-LEGAL", name="Центр правничої допомоги")
    for n in range(appeals):
        appeal = register(user=alice, institution=kr_centre, applicant=person)
        issue = appeal.issues.get()
        s.activity_add(actor=alice, appeal=appeal, issue=issue, kind="call", text=f"Дзвінок {n}")
        sharing_consent(person)
        s.referral_send(
            actor=alice, issue=issue, institution=legal, due_on=TODAY + dt.timedelta(days=10),
            shared_note="Потрібна консультація",
        )  # fmt: skip
        issue.refresh_from_db()
        issue = s.issue_close(
            actor=alice, issue=issue, version=None, outcome=Outcome.EXPLAINED, closed_on=TODAY,
            resolution="Роз'яснено порядок",
        )  # fmt: skip
        s.letter_issue(
            actor=alice, appeal=appeal, issue=issue, kind="answer", signatory="Голова",
            body=f"Відповідь {n}", render_files=False,
        )  # fmt: skip
    case = SupportCase.objects.create(primary_person=son, institution=kr_centre, opened_on=TODAY)
    CaseMember.objects.create(case=case, person=person, relation="мати")
    service = ServiceFactory(name="Продуктовий набір")
    Delivery.objects.create(service=service, person=person, delivered_on=TODAY, amount=Decimal(850))
    Registration.objects.create(event=EventFactory(name="Ігри родин"), person=person)
    Enrolment.objects.create(course=CourseFactory(name="ІТ-курс"), person=person, enrolled_on=TODAY)


def test_coordinator_gets_everything_held_as_json_and_the_report_is_audited(
    client, coordinator, alice, olena, kr_centre
):
    _fill(olena, alice=alice, kr_centre=kr_centre)
    client.force_login(alice)
    client.get(reverse("people:detail", args=[olena.pk]))  # alice reads the card
    client.get(reverse("people:list"), {"q": "Дем’яненко"})  # and finds her in a search
    client.force_login(coordinator)
    response = client.get(reverse("privacy:subject_access", args=[olena.pk]), {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    sec = data["sections"]
    assert sec["person"][0]["rnokpp"] == olena.rnokpp
    assert sec["statuses"][0]["code"] == "war_disabled"
    assert sec["statuses"][0]["health_ground"] == "legal_claim"
    assert sec["family"][0]["relative"] == "Син Тарас"
    assert {c["purpose"] for c in sec["consents"]} == {"health", "sharing"}
    assert len(sec["appeals"]) == 1 and sec["issues"][0]["resolution"] == "Роз'яснено порядок"
    assert sec["letters"][0]["body"].count("Відповідь 0") == 1
    assert sec["referrals"][0]["shared_note"] == "Потрібна консультація"
    assert any(a["text"] == "Дзвінок 0" for a in sec["activities"])
    assert sec["cases"][0]["role"] == "член родини"
    assert sec["deliveries"][0]["service"] == "Продуктовий набір"
    assert sec["events"][0]["event"].startswith("Ігри родин")
    assert sec["courses"][0]["course"] == "ІТ-курс"
    actions = {(e["who"], e["action"]) for e in sec["audit"]}
    assert ("alice@example.test", "person.viewed") in actions
    assert ("alice@example.test", "person.listed") in actions  # the search that showed her
    assert ("alice@example.test", "appeal.registered") in actions
    entry = AuditEntry.objects.get(action="subject_access.reported")
    assert (entry.actor, entry.object_id) == (coordinator, str(olena.pk))
    assert entry.after is not None
    assert entry.after["format"] == "json" and entry.after["records"]["issues"] == 1


def test_the_pdf_is_in_ukrainian_dejavu(client, coordinator, alice, olena, kr_centre):
    from suprovid.privacy.subject_access import report_html
    from suprovid.reports.tests.test_views import pdf_chunks, pdf_text

    _fill(olena, alice=alice, kr_centre=kr_centre)
    client.force_login(coordinator)
    response = client.get(reverse("privacy:subject_access", args=[olena.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"DejaVu-Sans" in b"".join(pdf_chunks(response.content))  # the font is embedded
    html = report_html(subject_access_report(actor=coordinator, person=olena))
    text = pdf_text(response.content, html)
    for phrase in ("Персональні дані, що обробляються про особу", "Дем’яненко Олена",
                   "Продуктовий набір", "Хто і коли переглядав", "Відповідь 0"):  # fmt: skip
        assert phrase in text, phrase
    entry = AuditEntry.objects.get(action="subject_access.reported")
    assert entry.after is not None and entry.after["format"] == "pdf"


def test_a_coordinator_of_another_area_gets_404(client, outsider, olena):
    client.force_login(outsider)
    assert client.get(reverse("privacy:subject_access", args=[olena.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="subject_access.reported").exists()


def test_a_specialist_sees_the_card_but_not_the_report(client, alice, olena):
    client.force_login(alice)
    card = client.get(reverse("people:detail", args=[olena.pk]))
    assert "data-subject-access" not in card.text
    assert client.get(reverse("privacy:subject_access", args=[olena.pk])).status_code == 403


def test_the_card_offers_the_report_to_a_coordinator(client, coordinator, olena):
    client.force_login(coordinator)
    card = client.get(reverse("people:detail", args=[olena.pk]))
    assert reverse("privacy:subject_access", args=[olena.pk]) in card.text


def test_records_kept_outside_the_area_are_counted_not_shown(
    coordinator, alice, bob, olena, zh_centre, kr_centre
):
    register(user=alice, institution=kr_centre, applicant=olena)
    register(user=bob, institution=zh_centre, applicant=olena, topics=("legal",))
    report = subject_access_report(actor=coordinator, person=olena)
    assert len(report["sections"]["appeals"]) == 1
    assert report["outside_scope"] == {"appeals": 1, "issues": 1}


def test_the_query_count_does_not_grow_with_the_record(coordinator, alice, kr_centre, tree):
    small, big = PersonFactory(), PersonFactory()
    _fill(small, alice=alice, kr_centre=kr_centre, appeals=1)
    _fill(big, alice=alice, kr_centre=kr_centre, appeals=4)
    counts = []
    for person in (small, big):
        with CaptureQueriesContext(connection) as queries:
            report = subject_access_report(actor=coordinator, person=person)
        counts.append(len(queries))
    assert len(report["sections"]["issues"]) == 4
    assert counts[0] == counts[1] <= 40


def test_the_api_gives_the_same_report_as_json_and_audits_it(
    api_client, coordinator, alice, olena, kr_centre
):
    _fill(olena, alice=alice, kr_centre=kr_centre)
    api_client.force_authenticate(coordinator)

    response = api_client.get(f"/api/v1/persons/{olena.pk}/subject-access/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    sec = response.json()["sections"]
    assert sec["person"][0]["rnokpp"] == olena.rnokpp
    assert sec["statuses"][0]["health_ground"] == "legal_claim"
    assert sec["issues"][0]["resolution"] == "Роз'яснено порядок"
    entry = AuditEntry.objects.get(action="subject_access.reported")
    assert (entry.actor, entry.object_id) == (coordinator, str(olena.pk))
    assert entry.after is not None
    assert entry.after["format"] == "json" and entry.after["records"]["issues"] == 1
    assert entry.correlation_id == response["X-Request-ID"]


def test_through_the_api_an_outsider_gets_404_and_a_specialist_403(
    api_client, outsider, alice, olena
):
    api_client.force_authenticate(outsider)
    assert api_client.get(f"/api/v1/persons/{olena.pk}/subject-access/").status_code == 404
    api_client.force_authenticate(alice)
    denied = api_client.get(f"/api/v1/persons/{olena.pk}/subject-access/")
    assert denied.status_code == 403 and "detail" in denied.json()
    assert not AuditEntry.objects.filter(action="subject_access.reported").exists()
