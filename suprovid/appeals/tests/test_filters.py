"""The work list's filters are declared once (`IssueFilter`): the web list, its export and
`GET /api/v1/issues/` find the same issues, and a bad value is a message, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from suprovid import testing as t

from .factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def issues(alice, kr_centre):
    """Two families' issues: Шевчук's legal question is overdue, Бондар's documents are not."""
    today = timezone.localdate()
    shevchuk = t.PersonFactory(last_name="Шевчук", first_name="Оксана")
    bondar = t.PersonFactory(last_name="Бондар", first_name="Петро")
    late = register(
        user=alice, institution=kr_centre, applicant=shevchuk, topics=("legal",),
        received_on=today - dt.timedelta(days=40),
    )  # fmt: skip
    fresh = register(user=alice, institution=kr_centre, applicant=bondar, topics=("documents",))
    return late.issues.get(), fresh.issues.get()


def web_ids(client, **params):
    response = client.get(reverse("appeals:worklist"), params)
    assert response.status_code == 200
    return [i.pk for i in response.context["page"]], response


def api_ids(api_client, **params):
    response = api_client.get("/api/v1/issues/", params)
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "шевчук"},  # the applicant's surname, any case
        {"q": "Shevchuk"},  # in Latin letters
        {"due": "overdue"},
        {"q_topic": "documents"},
        {"territory": t.KR_CITY, "sort": "-received"},
    ],
)
def test_the_web_list_its_export_and_the_api_find_the_same_issues(
    client, api_client, alice, issues, params
):
    client.force_login(alice)
    api_client.force_authenticate(alice)
    web, _response = web_ids(client, **params)
    assert web == api_ids(api_client, **params)
    assert web, "each of these filters finds something in the fixture"
    export = client.get(reverse("appeals:worklist"), {**params, "export": "csv"})
    numbers = {i.appeal.number for i in issues if i.pk in web}
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()[1:]
    assert {line.split(";")[0] for line in lines} == numbers


def test_the_filters_narrow_as_a_user_expects(client, alice, issues):
    late, fresh = issues
    client.force_login(alice)
    assert web_ids(client, q="шевчук")[0] == [late.pk]
    assert web_ids(client, due="overdue")[0] == [late.pk]
    assert web_ids(client, q_topic="documents")[0] == [fresh.pk]
    assert web_ids(client, sort="-received")[0] == [fresh.pk, late.pk]


def test_a_bad_value_is_shown_on_the_form_while_the_good_filters_still_apply(client, alice, issues):
    late, _fresh = issues
    client.force_login(alice)
    ids, response = web_ids(client, territory="UA123", q="шевчук")
    assert ids == [late.pk]
    assert "Код КАТОТТГ — це UA і 17 цифр" in response.content.decode()


def test_the_api_answers_a_bad_value_with_400_naming_the_field(api_client, alice, issues):
    api_client.force_authenticate(alice)
    response = api_client.get("/api/v1/issues/", {"status": "lost", "due": "someday"})
    assert response.status_code == 400
    assert set(response.json()) >= {"status", "due"}


def test_the_api_keeps_its_shorthands_and_lists_every_status(api_client, alice, issues):
    late, fresh = issues
    api_client.force_authenticate(alice)
    assert api_ids(api_client, overdue="1") == [late.pk]
    assert api_ids(api_client, mine="true") == [late.pk, fresh.pk]
    assert set(api_ids(api_client)) == {late.pk, fresh.pk}


@pytest.fixture
def referred(alice, kr_centre, make_user, issues):
    """Both issues referred to a legal-aid centre; the partner accepted Бондар's."""
    from suprovid.appeals import services as s
    from suprovid.network.models import InstitutionKind

    from .factories import sharing_consent

    legal = t.InstitutionFactory(code="LEGAL-KR", kind=InstitutionKind.PARTNER)
    partner = make_user("partner", email="partner@example.test", institution=legal)
    sent = []
    for issue in issues:
        sharing_consent(issue.person)
        sent.append(
            s.referral_send(
                actor=alice, issue=issue, institution=legal,
                due_on=timezone.localdate() + dt.timedelta(days=5),
            )
        )  # fmt: skip
    s.referral_accept(actor=partner, referral=sent[1])
    return partner, sent


def test_the_inbox_and_the_api_share_the_referral_filters(client, api_client, referred):
    partner, (to_shevchuk, to_bondar) = referred
    client.force_login(partner)
    api_client.force_authenticate(partner)
    inbox = client.get(reverse("appeals:referral_inbox"))
    assert [r.pk for r in inbox.context["page"]] == [to_shevchuk.pk, to_bondar.pk]  # new first
    for params, expected in (
        ({"q": "бондар", "status": "all"}, [to_bondar.pk]),
        ({"status": "accepted"}, [to_bondar.pk]),
    ):
        web = client.get(reverse("appeals:referral_inbox"), params).context["page"]
        api = api_client.get("/api/v1/referrals/", params).json()["results"]
        assert [r.pk for r in web] == [row["id"] for row in api] == expected
    bad = api_client.get("/api/v1/referrals/", {"status": "lost"})
    assert bad.status_code == 400 and "status" in bad.json()


def test_the_senders_list_keeps_only_open_referrals_when_asked(client, alice, referred):
    from suprovid.appeals import services as s

    partner, (to_shevchuk, to_bondar) = referred
    s.referral_complete(actor=partner, referral=to_bondar, outcome_text="Надано консультацію")
    client.force_login(alice)
    every = client.get(reverse("appeals:referrals")).context["page"]
    still_open = client.get(reverse("appeals:referrals"), {"open": "1"}).context["page"]
    assert {r.pk for r in every} == {to_shevchuk.pk, to_bondar.pk}
    assert [r.pk for r in still_open] == [to_shevchuk.pk]
