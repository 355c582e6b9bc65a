from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from suprovid import testing as t
from suprovid.appeals import panels as appeal_panels
from suprovid.appeals.tests.factories import register
from suprovid.cases import panels as case_panels
from suprovid.cases import services
from suprovid.cases.models import CASELOAD_NORM, CaseMember, CaseStatus, SupportCase
from suprovid.core.concurrency import StaleObjectError

pytestmark = pytest.mark.django_db


def veteran():
    person = t.PersonFactory()
    t.give_status(person, "combatant")
    return person


@translation.override("en")
def test_case_opens_only_for_veterans_and_families_with_members(alice, kr_centre):
    with pytest.raises(ValidationError, match="status"):
        services.case_open(
            actor=alice, primary_person=t.PersonFactory(), institution=kr_centre, specialist=alice
        )
    wife = t.PersonFactory()
    case = services.case_open(
        actor=alice,
        primary_person=veteran(),
        institution=kr_centre,
        specialist=alice,
        members=[(wife, "spouse")],  # type: ignore[list-item]
    )
    assert list(case.members.values_list("person", flat=True)) == [wife.pk]


def test_plan_review_and_close_with_reason_and_stale_close_refused(alice, kr_centre):
    case = services.case_open(
        actor=alice, primary_person=veteran(), institution=kr_centre, specialist=alice
    )
    need = services.need_add(actor=alice, case=case, topic=t.Topic.objects.get(code="housing"))
    step = services.step_add(actor=alice, case=case, description="Подати заяву", need=need)
    services.step_done(actor=alice, step=step)
    services.review_add(actor=alice, case=case, summary="Заяву подано")
    with pytest.raises(StaleObjectError):
        services.case_close(
            actor=alice, case=case, version=case.version + 5, reason="Мета досягнута"
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    services.case_close(actor=alice, case=case, version=case.version, reason="Мета досягнута")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.close_reason == "Мета досягнута"


def test_caseload_flags_specialist_above_norm(make_user, kr_centre):
    coordinator = make_user("coordinator", institution=kr_centre, territory_id=t.KR_CITY)
    busy = make_user("specialist", institution=kr_centre, full_name="Зайнята Фахівчиня")
    calm = make_user("specialist", institution=kr_centre, full_name="Спокійний Фахівець")
    cases = [
        SupportCase(
            primary_person=t.PersonFactory(),
            institution=kr_centre,
            specialist=busy,
            opened_on="2025-01-01",
        )
        for _ in range(CASELOAD_NORM + 1)
    ]
    cases.append(
        SupportCase(
            primary_person=t.PersonFactory(),
            institution=kr_centre,
            specialist=calm,
            opened_on="2025-01-01",
        )
    )
    SupportCase.objects.bulk_create(cases)
    rows = {r["name"]: r for r in services.caseload(SupportCase.objects.visible_to(coordinator))}
    assert rows["Зайнята Фахівчиня"]["overloaded"] and rows["Зайнята Фахівчиня"]["open_cases"] == 36
    assert not rows["Спокійний Фахівець"]["overloaded"]


def test_caseload_counts_households_not_family_members(make_user, kr_centre):
    coordinator = make_user("coordinator", institution=kr_centre, territory_id=t.KR_CITY)
    specialist = make_user("specialist", institution=kr_centre, full_name="Фахівчиня Родин")
    for _ in range(2):  # two households of a veteran with three relatives each
        case = SupportCase.objects.create(
            primary_person=t.PersonFactory(),
            institution=kr_centre,
            specialist=specialist,
            opened_on="2025-01-01",
        )
        for _ in range(3):
            CaseMember.objects.create(case=case, person=t.PersonFactory(), relation="child")

    rows = {r["name"]: r for r in services.caseload(SupportCase.objects.visible_to(coordinator))}

    assert rows["Фахівчиня Родин"]["open_cases"] == 2
    assert rows["Фахівчиня Родин"]["people"] == 8


def test_outsider_gets_404_for_case_page_and_api(client, api_client, alice, bob, kr_centre):
    case = services.case_open(
        actor=alice, primary_person=veteran(), institution=kr_centre, specialist=alice
    )
    client.force_login(alice)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("cases:list")).status_code == 200
    client.force_login(bob)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    api_client.force_authenticate(bob)
    assert api_client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    api_client.force_authenticate(alice)
    assert api_client.get(f"/api/v1/cases/{case.pk}/").json()["id"] == case.pk


def test_api_opens_a_case_and_refuses_a_non_veteran(api_client, alice, kr_centre):
    api_client.force_authenticate(alice)
    ok = api_client.post(
        "/api/v1/cases/",
        {"primary_person": veteran().pk, "institution_code": "KR-CSS"},
        format="json",
    )
    assert ok.status_code == 201
    bad = api_client.post(
        "/api/v1/cases/",
        {"primary_person": t.PersonFactory().pk, "institution_code": "KR-CSS"},
        format="json",
    )
    assert bad.status_code == 400 and "primary_person" in bad.json()


def test_person_panels_are_scoped_and_take_one_query(
    alice, bob, kr_centre, django_assert_num_queries
):
    person = veteran()
    register(user=alice, institution=kr_centre, applicant=person, topics=("legal", "housing"))
    services.case_open(actor=alice, primary_person=person, institution=kr_centre, specialist=alice)
    request = RequestFactory().get("/")
    request.user = alice
    with django_assert_num_queries(1):
        _name, ctx = appeal_panels.person_panel(request, person)
    assert len(ctx["issues"]) == 2
    with django_assert_num_queries(1):
        assert case_panels.person_panel(request, person) is not None
    request.user = bob
    assert appeal_panels.person_panel(request, person) is None
    assert case_panels.person_panel(request, person) is None


@pytest.mark.parametrize(("action", "key"), [("step_done", "step"), ("need_met", "need")])
def test_marking_a_plan_item_with_a_garbled_id_is_a_404_not_a_server_error(
    client, alice, kr_centre, action, key
):
    case = services.case_open(
        actor=alice, primary_person=veteran(), institution=kr_centre, specialist=alice
    )
    client.force_login(alice)
    client.raise_request_exception = False
    response = client.post(reverse("cases:action", args=[case.pk, action]), {key: "abc"})
    assert response.status_code == 404


def test_api_does_not_tell_an_out_of_scope_member_apart_from_a_missing_one(
    api_client, alice, zh_centre, kr_centre
):
    hidden = t.PersonFactory(territory_id=t.ZH_CITY, institution=zh_centre)
    api_client.force_authenticate(alice)

    def answer(person_id):
        response = api_client.post(
            "/api/v1/cases/",
            {
                "primary_person": veteran().pk,
                "institution_code": "KR-CSS",
                "members": [{"person": person_id, "relation": "spouse"}],
            },
            format="json",
        )
        assert response.status_code == 400
        return response.json()

    assert answer(hidden.pk) == answer(hidden.pk + 1000)
    assert answer(10**20) == answer(hidden.pk)
    assert not SupportCase.objects.exists()


def test_api_cannot_hand_a_case_to_a_specialist_outside_the_users_scope(
    api_client, alice, bob, kr_centre
):
    api_client.force_authenticate(alice)
    response = api_client.post(
        "/api/v1/cases/",
        {
            "primary_person": veteran().pk,
            "institution_code": "KR-CSS",
            "specialist_email": bob.email,
        },
        format="json",
    )
    assert response.status_code == 400 and "specialist_email" in response.json()
    assert not SupportCase.objects.visible_to(bob).exists()


def test_the_database_refuses_a_second_open_case_for_one_household(alice, kr_centre):
    from django.db import IntegrityError, transaction

    person = veteran()
    services.case_open(actor=alice, primary_person=person, institution=kr_centre, specialist=alice)
    # What a second desk's insert would do if it slipped past the service's check.
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportCase.objects.create(
            primary_person=person, institution=kr_centre, specialist=alice, opened_on="2025-02-01"
        )
    # A closed case does not count: the household may have had several over the years.
    SupportCase.objects.create(
        primary_person=person,
        institution=kr_centre,
        opened_on="2020-01-01",
        status=CaseStatus.CLOSED,
        closed_on="2021-01-01",
    )
    assert SupportCase.objects.filter(primary_person=person).count() == 2


def test_a_health_need_needs_the_persons_health_consent_or_a_legal_ground(alice, kr_centre):
    from django.utils import timezone

    from suprovid.people.tests.factories import make_consent

    person = veteran()
    case = services.case_open(
        actor=alice, primary_person=person, institution=kr_centre, specialist=alice
    )
    rehab = t.Topic.objects.get(code="rehabilitation")

    with pytest.raises(ValidationError, match="особливої категорії"):
        services.need_add(actor=alice, case=case, topic=rehab, description="Реабілітація")
    claim = services.need_add(actor=alice, case=case, topic=rehab, health_ground="legal_claim")
    consent = make_consent(person, purpose="health", given_on=timezone.localdate())
    agreed = services.need_add(actor=alice, case=case, topic=rehab)
    housing = services.need_add(actor=alice, case=case, topic=t.Topic.objects.get(code="housing"))

    assert (claim.health_ground, claim.health_consent) == ("legal_claim", None)
    assert (agreed.health_ground, agreed.health_consent) == ("consent", consent)
    assert (housing.health_ground, housing.health_consent) == ("", None)


def test_the_plan_page_refuses_a_health_need_without_a_ground(client, alice, kr_centre):
    case = services.case_open(
        actor=alice, primary_person=veteran(), institution=kr_centre, specialist=alice
    )
    client.force_login(alice)
    rehab = t.Topic.objects.get(code="rehabilitation")

    response = client.post(
        reverse("cases:action", args=[case.pk, "need"]), {"topic": rehab.pk}, follow=True
    )

    assert "особливої категорії" in response.content.decode()
    assert not case.needs.exists()
    client.post(
        reverse("cases:action", args=[case.pk, "need"]),
        {"topic": rehab.pk, "health_ground": "legal_claim"},
    )
    assert case.needs.get().health_ground == "legal_claim"
