from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from suprovid import testing as t
from suprovid.appeals import services as s
from suprovid.appeals.models import Appeal, Issue, IssueStatus, Referral, ReferralStatus
from suprovid.network.models import InstitutionKind
from suprovid.people.models import Consent, ConsentPurpose, FamilyLink, Relation

from .factories import register, sharing_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(alice, kr_centre):
    person = t.PersonFactory(last_name="Шевченко")
    return register(user=alice, institution=kr_centre, applicant=person)


@pytest.fixture
def legal(tree):
    return t.InstitutionFactory(code="LEGAL-KR", kind=InstitutionKind.PARTNER)


@pytest.fixture
def referral(alice, appeal, legal):
    issue = appeal.issues.get()
    sharing_consent(issue.person)
    return s.referral_send(
        actor=alice,
        issue=issue,
        institution=legal,
        due_on=timezone.localdate() + dt.timedelta(days=5),
        shared_note="Потрібна консультація щодо пенсії",
    )


@pytest.fixture
def attachment(alice, appeal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return s.attachment_add(
        actor=alice, appeal=appeal, upload=SimpleUploadedFile("лист.pdf", b"%PDF-1.4 test")
    )


def pages(appeal, referral, attachment):
    issue = appeal.issues.get()
    return [
        reverse("appeals:detail", args=[appeal.pk]),
        reverse("appeals:issue_detail", args=[issue.pk]),
        reverse("appeals:referral_detail", args=[referral.pk]),
        reverse("appeals:attachment_download", args=[attachment.pk]),
    ]


def test_insider_sees_appeal_issue_referral_and_file(client, alice, appeal, referral, attachment):
    client.force_login(alice)
    for url in pages(appeal, referral, attachment):
        response = client.get(url)
        assert response.status_code == 200, url
    body = client.get(reverse("appeals:attachment_download", args=[attachment.pk]))
    assert b"".join(body.streaming_content) == b"%PDF-1.4 test"


def test_outsider_gets_404_everywhere(client, bob, appeal, referral, attachment):
    client.force_login(bob)
    for url in pages(appeal, referral, attachment):
        assert client.get(url).status_code == 404, url


def test_partner_of_another_institution_gets_404(client, make_user, appeal, referral, attachment):
    other = t.InstitutionFactory(code="OTHER-PARTNER", kind=InstitutionKind.PARTNER)
    client.force_login(make_user("partner", institution=other))
    for url in pages(appeal, referral, attachment):
        assert client.get(url).status_code == 404, url


def test_partner_sees_only_what_the_referral_shares_and_answers(client, make_user, referral, legal):
    partner = make_user("partner", institution=legal)
    client.force_login(partner)
    inbox = client.get(reverse("appeals:referral_inbox"))
    assert "Шевченко" in inbox.content.decode()
    page = client.get(reverse("appeals:referral_detail", args=[referral.pk])).content.decode()
    assert "Потрібна консультація щодо пенсії" in page
    assert "Потрібна допомога" not in page  # the issue text itself is not shared
    assert client.get(reverse("appeals:issue_detail", args=[referral.issue_id])).status_code == 404
    response = client.post(
        reverse("appeals:referral_detail", args=[referral.pk]), {"action": "decline", "reason": ""}
    )
    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    client.post(
        reverse("appeals:referral_detail", args=[referral.pk]),
        {"action": "decline", "reason": "Не наш профіль"},
    )
    referral.refresh_from_db()
    assert (
        referral.status == ReferralStatus.DECLINED and referral.decline_reason == "Не наш профіль"
    )


def test_worklist_marks_overdue_and_puts_privileged_first_when_asked_in_few_queries(
    client, alice, kr_centre, django_assert_max_num_queries
):
    today = timezone.localdate()
    plain = t.PersonFactory()
    veteran = t.PersonFactory()
    t.give_status(veteran, "combatant")
    for i in range(30):
        register(
            user=alice,
            institution=kr_centre,
            applicant=plain,
            received_on=today - dt.timedelta(days=i),
        )
    late = register(user=alice, institution=kr_centre, applicant=veteran, received_on=today)
    Issue.objects.filter(appeal__applicant=plain).update(due_on=today - dt.timedelta(days=1))
    client.force_login(alice)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("appeals:worklist"), {"sort": "privileged"})
    html = response.content.decode()
    rows = list(response.context["page"])
    assert rows[0].appeal == late
    assert len(rows) == 25
    assert "due-overdue" in html
    # Sorted "by deadline", the list is by deadline: the overdue issues come first.
    rows = list(client.get(reverse("appeals:worklist")).context["page"])
    assert rows[0].appeal != late and rows[0].due_on < today


def test_worklist_filters_and_htmx_partial(client, alice, kr_centre):
    person = t.PersonFactory()
    register(user=alice, institution=kr_centre, applicant=person, topics=("legal",))
    register(user=alice, institution=kr_centre, applicant=person, topics=("housing",))
    client.force_login(alice)
    response = client.get(
        reverse("appeals:worklist"), {"q_topic": "legal"}, headers={"HX-Request": "true"}
    )
    assert [i.topic_group for i in response.context["page"]] == ["legal"]
    assert "<html" not in response.content.decode()
    export = client.get(reverse("appeals:worklist"), {"export": "csv"})
    assert export["Content-Type"].startswith("text/csv")


def test_worklist_of_outsider_does_not_show_kryvyi_rih_issues(client, bob, appeal):
    client.force_login(bob)
    response = client.get(reverse("appeals:worklist"), {"who": "all"})
    assert appeal.number not in response.content.decode()


def test_intake_registers_appeal_with_two_issues_for_mother_and_son(client, alice, kr_centre):
    mother, son = t.PersonFactory(), t.PersonFactory()
    # Law 2297-VI art. 7: the psychological issue rests on the mother's health consent.
    health = Consent.objects.create(
        person=mother, purpose=ConsentPurpose.HEALTH, given_on=timezone.localdate()
    )
    client.force_login(alice)
    assert client.get(reverse("appeals:create")).status_code == 200
    found = client.get(reverse("appeals:person_search"), {"q": mother.last_name})
    assert mother.full_name in found.content.decode()
    data = {
        "applicant": mother.pk,
        "received_on": timezone.localdate().isoformat(),
        "channel": "in_person",
        "appeal_type": "request",
        "form": "individual",
        "sign": "",
        "institution": kr_centre.pk,
        "text": "Син повернувся з полону",
        "issues-TOTAL_FORMS": "2",
        "issues-INITIAL_FORMS": "0",
        "issues-MIN_NUM_FORMS": "0",
        "issues-MAX_NUM_FORMS": "20",
        "issues-0-topic": "documents.restore",
        "issues-0-person": son.pk,
        "issues-0-assignee": alice.pk,
        "issues-0-deadline_rule": "standard",
        "issues-1-topic": "psychological",
        "issues-1-person": "",
        "issues-1-assignee": alice.pk,
        "issues-1-deadline_rule": "no_study",
    }
    response = client.post(reverse("appeals:create"), data)
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "appeals:detail", args=[appeal.pk]
    )
    issues = list(appeal.issues.order_by("id"))
    assert [i.person for i in issues] == [son, mother]
    assert issues[1].due_on == timezone.localdate() + dt.timedelta(days=15)
    assert (issues[1].health_ground, issues[1].health_consent) == ("consent", health)
    assert (issues[0].health_ground, issues[0].health_consent) == ("", None)


def test_quick_registration_creates_a_person_to_pick(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("appeals:person_quick"), {"last_name": "Ткаченко", "first_name": "Ірина"}
    )
    assert "Ткаченко Ірина" in response.content.decode()


def test_stale_close_in_the_browser_is_refused_with_a_message(client, alice, appeal):
    issue = appeal.issues.get()
    old_version = issue.version
    s.issue_take(actor=alice, issue=Issue.objects.get(pk=issue.pk), version=old_version)
    client.force_login(alice)
    response = client.post(
        reverse("appeals:issue_action", args=[issue.pk, "close"]),
        {"version": old_version, "outcome": "explained"},
        follow=True,
    )
    assert (
        "changed by someone else" in response.content.decode()
        or "змінив" in response.content.decode()
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.IN_PROGRESS


def test_coordinator_bulk_reassigns_after_confirmation(client, make_user, alice, kr_centre):
    coordinator = make_user("coordinator", institution=kr_centre, territory_id=t.KR_CITY)
    colleague = make_user("specialist", institution=kr_centre, territory_id=t.KR_CITY)
    person = t.PersonFactory()
    ids = [
        register(user=alice, institution=kr_centre, applicant=person).issues.get().pk
        for _ in range(3)
    ]
    client.force_login(coordinator)
    confirm = client.post(
        reverse("appeals:reassign_bulk"), {"issue": ids[:2], "assignee": colleague.pk}
    )
    assert confirm.status_code == 200 and Issue.objects.filter(assignee=colleague).count() == 0
    client.post(
        reverse("appeals:reassign_bulk"),
        {"issue": ids[:2], "assignee": colleague.pk, "confirm": "yes"},
    )
    assert set(Issue.objects.filter(assignee=colleague).values_list("pk", flat=True)) == set(
        ids[:2]
    )


def test_specialist_cannot_bulk_reassign(client, alice, appeal, make_user, kr_centre):
    colleague = make_user("specialist", institution=kr_centre)
    client.force_login(alice)
    response = client.post(
        reverse("appeals:reassign_bulk"),
        {"issue": [appeal.issues.get().pk], "assignee": colleague.pk, "confirm": "yes"},
    )
    assert response.status_code == 403


def test_referral_from_the_issue_page_needs_consent(client, alice, appeal, legal):
    issue = appeal.issues.get()
    client.force_login(alice)
    data = {
        "institution": legal.pk,
        "due_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
    }
    response = client.post(reverse("appeals:referral_create", args=[issue.pk]), data)
    assert response.status_code == 400 and not Referral.objects.exists()
    sharing_consent(issue.person)
    client.post(reverse("appeals:referral_create", args=[issue.pk]), data)
    assert Referral.objects.filter(issue=issue, institution=legal).exists()


def test_intake_suggests_the_applicants_family_for_the_person_concerned(client, alice, kr_centre):
    mother = t.PersonFactory(last_name="Бондар", first_name="Олена")
    son = t.PersonFactory(last_name="Бондар", first_name="Тарас")
    stranger = t.PersonFactory(last_name="Бондар", first_name="Ігор", territory_id=t.ZH_CITY)
    FamilyLink.objects.create(person=mother, relative=son, relation=Relation.CHILD)
    FamilyLink.objects.create(person=mother, relative=stranger, relation=Relation.SIBLING)
    client.force_login(alice)

    response = client.get("/appeals/new/family/", {"applicant": mother.pk})

    page = response.content.decode()
    assert f'<option value="{son.pk}"' in page
    # The applicant herself is the picker's default ("the applicant"), named in the hint.
    assert "Бондар Олена" in page
    # A relative outside Alice's scope is not revealed by the suggestions.
    assert f'value="{stranger.pk}"' not in page and "Ігор" not in page


def test_family_suggestions_for_someone_out_of_scope_are_empty(client, bob, alice):
    mother = t.PersonFactory(territory_id=t.KR_CITY)
    son = t.PersonFactory(territory_id=t.KR_CITY)
    FamilyLink.objects.create(person=mother, relative=son, relation=Relation.CHILD)
    client.force_login(bob)

    response = client.get("/appeals/new/family/", {"applicant": mother.pk})

    assert response.status_code == 200
    assert f'value="{son.pk}"' not in response.content.decode()


def test_intake_offers_the_applicants_open_case_and_links_the_appeal(client, alice, kr_centre):
    from suprovid.cases.services import case_open

    veteran = t.PersonFactory(last_name="Ковальчук")
    t.give_status(veteran)
    case = case_open(actor=alice, primary_person=veteran, institution=kr_centre, specialist=alice)
    client.force_login(alice)

    offered = client.get("/appeals/new/family/", {"applicant": veteran.pk}).content.decode()
    assert f'<option value="{case.pk}"' in offered

    response = client.post(
        "/appeals/new/",
        {
            "applicant": veteran.pk,
            "case": case.pk,
            "received_on": timezone.localdate().isoformat(),
            "channel": "in_person",
            "appeal_type": "request",
            "form": "individual",
            "sign": "",
            "institution": kr_centre.pk,
            "text": "",
            "issues-TOTAL_FORMS": "1",
            "issues-INITIAL_FORMS": "0",
            "issues-MIN_NUM_FORMS": "0",
            "issues-MAX_NUM_FORMS": "20",
            "issues-0-topic": "legal",
            "issues-0-deadline_rule": "standard",
            "issues-0-assignee": alice.pk,
        },
    )

    assert response.status_code == 302
    assert Appeal.objects.get(applicant=veteran).case == case


def test_family_suggestions_follow_a_link_recorded_only_on_the_relatives_card(client, alice):
    mother = t.PersonFactory(last_name="Кравець", first_name="Олена")
    son = t.PersonFactory(last_name="Кравець", first_name="Тарас")
    FamilyLink.objects.create(person=son, relative=mother, relation=Relation.PARENT)
    client.force_login(alice)

    page = client.get("/appeals/new/family/", {"applicant": mother.pk}).content.decode()

    assert f'<option value="{son.pk}">Кравець Тарас' in page
    assert "дитина" in page or "child" in page


def test_quick_registration_is_prefilled_from_the_search_text(client, alice):
    client.force_login(alice)
    page = client.get(
        reverse("appeals:person_search"), {"q": "мельник ганна 0671234567"}
    ).content.decode()
    assert 'value="Мельник"' in page and 'value="Ганна"' in page
    assert 'value="0671234567"' in page


def test_quick_registration_records_the_consent_signed_at_the_desk(client, alice):
    from suprovid.people.models import Consent, ConsentPurpose, Person

    client.force_login(alice)
    client.post(
        reverse("appeals:person_quick"),
        {"last_name": "Ткаченко", "first_name": "Ірина", "consent_sharing": "on"},
    )
    person = Person.objects.get(last_name="Ткаченко")
    consent = Consent.objects.get(person=person)
    assert consent.purpose == ConsentPurpose.SHARING and consent.withdrawn_on is None


def test_new_appeal_from_the_person_card_starts_with_that_applicant(client, alice):
    person = t.PersonFactory(last_name="Савчук", first_name="Марія")
    client.force_login(alice)
    card = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert f"/appeals/new/?applicant={person.pk}" in card

    page = client.get(reverse("appeals:create"), {"applicant": person.pk}).content.decode()
    assert f'name="applicant" value="{person.pk}"' in page and "Савчук Марія" in page


def test_new_appeal_for_someone_out_of_scope_starts_without_an_applicant(client, bob):
    person = t.PersonFactory(last_name="Савчук", first_name="Марія", territory_id=t.KR_CITY)
    client.force_login(bob)
    page = client.get(reverse("appeals:create"), {"applicant": person.pk}).content.decode()
    assert "Савчук" not in page


def test_appeal_page_links_to_the_applicants_card(client, alice, appeal):
    client.force_login(alice)
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert reverse("people:detail", args=[appeal.applicant_id]) in page


def test_worklist_finds_an_issue_by_the_applicants_name_number_or_rnokpp(client, alice, kr_centre):
    mother = t.PersonFactory(last_name="Стельмах", first_name="Олена", rnokpp="3012345678")
    other = t.PersonFactory(last_name="Бойко", first_name="Ігор")
    wanted = register(user=alice, institution=kr_centre, applicant=mother)
    register(user=alice, institution=kr_centre, applicant=other)
    client.force_login(alice)
    for q in ("стельмах", "Stelmakh", wanted.number, "3012345678"):
        rows = list(client.get(reverse("appeals:worklist"), {"q": q}).context["page"])
        assert [i.appeal for i in rows] == [wanted], q


def test_empty_my_overdue_points_to_the_zones_overdue_issues(client, alice, make_user, kr_centre):
    colleague = make_user("specialist", institution=kr_centre, territory_id=t.KR_CITY)
    appeal = register(user=colleague, institution=kr_centre, applicant=t.PersonFactory())
    appeal.issues.update(due_on=timezone.localdate() - dt.timedelta(days=2))
    client.force_login(alice)
    page = client.get(reverse("appeals:worklist"), {"due": "overdue"}).content.decode()
    assert "who=all" in page and ("1 прострочене" in page or "1 overdue issue" in page)


def test_worklist_xlsx_says_yes_or_no_for_privileged(client, alice, kr_centre):
    from io import BytesIO

    from openpyxl import load_workbook

    register(user=alice, institution=kr_centre, applicant=t.PersonFactory())
    client.force_login(alice)
    response = client.get(reverse("appeals:worklist"), {"export": "xlsx"})
    sheet = load_workbook(
        BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    values = [c.value for c in list(sheet.iter_rows())[1]]
    assert values[7] in ("Ні", "No") and False not in values


def test_saved_filters_are_kept_per_user_and_shown_on_the_worklist(client, alice, bob):
    client.force_login(alice)
    client.post(
        reverse("core:saved_filter_save"),
        {"page": "worklist", "name": "Прострочені", "query": "due=overdue"},
    )
    page = client.get(reverse("appeals:worklist")).content.decode()
    assert 'href="?due=overdue"' in page and "Прострочені" in page
    client.force_login(bob)
    assert "Прострочені" not in client.get(reverse("appeals:worklist")).content.decode()


def test_partner_inbox_opens_on_new_referrals_first(client, alice, appeal, legal, make_user):
    partner = make_user("partner", institution=legal)
    issue = appeal.issues.get()
    sharing_consent(issue.person)
    soon = timezone.localdate() + dt.timedelta(days=2)
    old = s.referral_send(actor=alice, issue=issue, institution=legal, due_on=soon)
    s.referral_accept(actor=partner, referral=old)
    new = s.referral_send(
        actor=alice, issue=issue, institution=legal, due_on=soon + dt.timedelta(days=9)
    )
    done = s.referral_send(actor=alice, issue=issue, institution=legal, due_on=soon)
    s.referral_complete(actor=partner, referral=done, outcome_text="Надано")
    client.force_login(partner)
    rows = list(client.get(reverse("appeals:referral_inbox")).context["page"])
    assert rows == [new, old]


def test_a_referral_due_after_the_legal_deadline_is_sent_with_a_warning(
    client, alice, appeal, legal
):
    issue = appeal.issues.get()
    sharing_consent(issue.person)
    client.force_login(alice)
    response = client.post(
        reverse("appeals:referral_create", args=[issue.pk]),
        {"institution": legal.pk, "due_on": (issue.due_on + dt.timedelta(days=10)).isoformat()},
        follow=True,
    )
    page = response.content.decode()
    assert Referral.objects.filter(issue=issue).exists()
    assert "пізніше за законний строк" in page or "after the issue's legal deadline" in page


def test_an_empty_outcome_is_shown_on_the_outcome_field(client, referral, legal, make_user):
    partner = make_user("partner", institution=legal)
    s.referral_accept(actor=partner, referral=referral)
    client.force_login(partner)
    response = client.post(
        reverse("appeals:referral_detail", args=[referral.pk]),
        {"action": "complete", "outcome_text": "", "read_status": "accepted"},
    )
    page = response.content.decode()
    assert 'aria-invalid="true"' in page and "is-invalid" in page
    assert 'name="reason"' not in page
