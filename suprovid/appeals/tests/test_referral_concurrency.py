"""Answers to a referral given at the same time: the first stays, the second is refused."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from suprovid import testing as t
from suprovid.appeals import services as s
from suprovid.appeals.models import Activity, Referral, ReferralStatus
from suprovid.core.concurrency import StaleObjectError
from suprovid.core.models import AuditEntry
from suprovid.network.models import InstitutionKind
from suprovid.topics.defaults import ensure_topics

from .factories import register, sharing_consent

pytestmark = pytest.mark.django_db

ANSWERED_UK = "На направлення вже відповів хтось інший"


@pytest.fixture
def legal(tree):
    return t.InstitutionFactory(code="LEGAL-KR", kind=InstitutionKind.PARTNER)


@pytest.fixture
def partner(make_user, legal):
    return make_user("partner", email="partner@example.test", institution=legal)


@pytest.fixture
def colleague(make_user, legal):
    """Another partner of the same institution, answering the same inbox."""
    return make_user("partner", email="colleague@example.test", institution=legal)


@pytest.fixture
def referral(alice, kr_centre, legal):
    issue = register(user=alice, institution=kr_centre, applicant=t.PersonFactory()).issues.get()
    sharing_consent(issue.person)
    return s.referral_send(
        actor=alice,
        issue=issue,
        institution=legal,
        due_on=timezone.localdate() + dt.timedelta(days=5),
        shared_note="Консультація щодо спадщини",
    )


def answers(referral: Referral) -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="referral.", object_id=str(referral.pk))
        .exclude(action__in=["referral.sent", "referral.viewed"])
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- services -------------------------------------------------------------------------------


@translation.override("en")
def test_accept_after_a_colleague_declined_the_copy_read_earlier_is_refused(
    referral, partner, colleague
):
    mine = Referral.objects.get(pk=referral.pk)  # both read it as "sent"
    theirs = Referral.objects.get(pk=referral.pk)
    s.referral_decline(actor=colleague, referral=theirs, reason="Не наш профіль")

    with pytest.raises(s.ReferralAlreadyAnswered, match="already answered by someone else"):
        s.referral_accept(actor=partner, referral=mine)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.decline_reason == "Не наш профіль"
    assert answers(referral) == ["referral.declined"]
    assert Activity.objects.filter(issue=referral.issue, text__contains="declined").count() == 1


def test_two_outcome_reports_the_first_stays(referral, partner, colleague):
    s.referral_accept(actor=partner, referral=referral)
    mine = Referral.objects.get(pk=referral.pk)
    theirs = Referral.objects.get(pk=referral.pk)
    s.referral_complete(actor=colleague, referral=theirs, outcome_text="Позов подано")

    with pytest.raises(StaleObjectError):
        s.referral_complete(actor=partner, referral=mine, outcome_text="Надано консультацію")

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.outcome_text == "Позов подано"
    assert answers(referral) == ["referral.accepted", "referral.completed"]


def test_specialist_of_the_receiving_institution_declining_over_a_partners_accept_is_refused(
    referral, partner, make_user, legal
):
    specialist = make_user(
        "specialist", email="lawyer@example.test", institution=legal, territory_id=t.KR_CITY
    )
    read = Referral.objects.visible_to(specialist).get(pk=referral.pk)
    s.referral_accept(actor=partner, referral=Referral.objects.get(pk=referral.pk))

    with pytest.raises(s.ReferralAlreadyAnswered):
        s.referral_decline(actor=specialist, referral=read, reason="Немає юриста")

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.decline_reason == ""


def test_an_answer_to_the_status_it_was_read_in_only(referral, partner):
    """The status the person saw is the condition, even if the row was loaded later."""
    s.referral_accept(actor=partner, referral=Referral.objects.get(pk=referral.pk))
    fresh = Referral.objects.get(pk=referral.pk)

    with pytest.raises(s.ReferralAlreadyAnswered):
        s.referral_complete(
            actor=partner, referral=fresh, outcome_text="Готово", read_status="sent"
        )
    # Answering what was really read goes through.
    s.referral_complete(
        actor=partner, referral=fresh, outcome_text="Готово", read_status="accepted"
    )
    fresh.refresh_from_db()
    assert fresh.status == ReferralStatus.COMPLETED


def test_answer_invalid_for_the_status_read_is_a_validation_error(referral, partner):
    s.referral_decline(actor=partner, referral=referral, reason="Не наш профіль")
    with pytest.raises(ValidationError):
        s.referral_accept(actor=partner, referral=referral, read_status="declined")


# --- pages ----------------------------------------------------------------------------------


def test_partner_accepting_a_referral_declined_meanwhile_gets_the_message(
    client, referral, partner, colleague
):
    url = reverse("appeals:referral_detail", args=[referral.pk])
    client.force_login(partner)
    page = client.get(url)
    assert 'name="read_status" value="sent"' in page.text

    client.force_login(colleague)
    declined = client.post(
        url, {"action": "decline", "reason": "Не наш профіль", "read_status": "sent"}
    )
    assert declined.status_code == 302

    client.force_login(partner)
    response = client.post(url, {"action": "accept", "read_status": "sent"})

    assert response.status_code == 409
    assert ANSWERED_UK in response.text
    assert "Не наш профіль" in response.text  # the page shows the referral as it is now
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.decline_reason == "Не наш профіль"
    assert answers(referral) == ["referral.declined"]


def test_a_refused_answer_keeps_what_the_partner_wrote(client, referral, partner, colleague):
    url = reverse("appeals:referral_detail", args=[referral.pk])
    client.force_login(colleague)
    client.post(url, {"action": "accept", "read_status": "sent"})

    client.force_login(partner)
    response = client.post(
        url, {"action": "decline", "reason": "Немає вільного юриста", "read_status": "sent"}
    )

    assert response.status_code == 409 and ANSWERED_UK in response.text
    assert "Немає вільного юриста" in response.text
    # Still open (accepted): the form is offered again for the current status.
    assert 'name="read_status" value="accepted"' in response.text
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.decline_reason == ""


def test_an_outcome_refused_on_a_closed_referral_is_shown_back(
    client, referral, partner, colleague
):
    url = reverse("appeals:referral_detail", args=[referral.pk])
    client.force_login(colleague)
    client.post(url, {"action": "complete", "outcome_text": "Позов подано", "read_status": "sent"})

    client.force_login(partner)
    response = client.post(
        url, {"action": "complete", "outcome_text": "Надано консультацію", "read_status": "sent"}
    )

    assert response.status_code == 409 and ANSWERED_UK in response.text
    assert "Надано консультацію" in response.text
    referral.refresh_from_db()
    assert referral.outcome_text == "Позов подано"


# --- API ------------------------------------------------------------------------------------


def test_api_accept_after_a_colleague_declined_is_409_and_the_decline_stays(
    api_client, referral, partner, colleague
):
    api_client.force_authenticate(partner)
    read = api_client.get(f"/api/v1/referrals/{referral.pk}/").json()
    assert read["status"] == "sent"

    api_client.force_authenticate(colleague)
    declined = api_client.post(
        f"/api/v1/referrals/{referral.pk}/decline/",
        {"reason": "Не наш профіль", "read_status": "sent"},
        format="json",
    )
    assert declined.status_code == 200 and declined.json()["status"] == "declined"

    api_client.force_authenticate(partner)
    url = f"/api/v1/referrals/{referral.pk}/accept/"
    with_status = api_client.post(
        url, {"read_status": read["status"]}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    without_status = api_client.post(url, {}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    for response in (with_status, without_status):
        assert response.status_code == 409
        assert "already answered by someone else" in response.json()["detail"]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert answers(referral) == ["referral.declined"]


# --- real concurrency (PostgreSQL) ----------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_accept_and_decline_only_one_is_applied(alice, kr_centre, make_user):
    ensure_topics()  # an earlier transactional test may have flushed the migration's topics
    legal = t.InstitutionFactory(code="LEGAL-RACE", kind=InstitutionKind.PARTNER)
    first = make_user("partner", email="p1@example.test", institution=legal)
    second = make_user("partner", email="p2@example.test", institution=legal)
    issue = register(user=alice, institution=kr_centre, applicant=t.PersonFactory()).issues.get()
    sharing_consent(issue.person)
    referral = s.referral_send(
        actor=alice,
        issue=issue,
        institution=legal,
        due_on=timezone.localdate() + dt.timedelta(days=5),
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def answer(fn, actor, **kw) -> None:
        try:
            copy = Referral.objects.select_related("issue", "institution").get(pk=referral.pk)
            barrier.wait()
            fn(actor=actor, referral=copy, **kw)
            outcomes.append("ok")
        except StaleObjectError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=answer, args=(s.referral_accept, first)),
        threading.Thread(
            target=answer, args=(s.referral_decline, second), kwargs={"reason": "Не наш профіль"}
        ),
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()

    assert sorted(outcomes) == ["ok", "refused"]
    referral.refresh_from_db()
    assert len(answers(referral)) == 1
    expected = {"referral.accepted": "accepted", "referral.declined": "declined"}
    assert referral.status == expected[answers(referral)[0]]
