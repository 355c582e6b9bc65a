"""Duties towards the applicant: letters, the card and receipt, the head's decisions, reception."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from docx import Document

from suprovid import testing as t
from suprovid.appeals import deadlines
from suprovid.appeals import services as s
from suprovid.appeals.models import (
    AppealForm,
    DeadlineRule,
    DecisionKind,
    DecisionStatus,
    Letter,
    LetterKind,
    NotConsideredGround,
    Outcome,
    VisitMode,
    VisitStatus,
)
from suprovid.core.models import AuditEntry

from .factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def appeal(alice, kr_centre):
    person = t.PersonFactory(last_name="Коваленко", first_name="Оксана", sex="F")
    return register(
        user=alice, institution=kr_centre, applicant=person, topics=("documents", "legal")
    )


def test_registration_index_takes_the_first_letter_of_the_surname(appeal):
    assert appeal.registration_index == f"К-{appeal.sequence}"


def test_collective_and_anonymous_appeals_get_ko_and_bp_indexes(alice, kr_centre):
    topic = appeal_topic()
    collective = register(
        user=alice, institution=kr_centre, applicant=t.PersonFactory(),
        form=AppealForm.COLLECTIVE, signatories=7,
    )  # fmt: skip
    anonymous = s.appeal_register(
        registered_by=alice, institution=kr_centre, applicant=None,
        received_on=timezone.localdate(), channel="post", form=AppealForm.ANONYMOUS,
        issues=[s.IssueInput(topic=topic, person=None)],
    )  # fmt: skip
    assert collective.registration_index.startswith("КО-")
    assert anonymous.registration_index.startswith("БП-") and anonymous.applicant is None


def appeal_topic():
    from suprovid.topics.models import Topic

    return Topic.objects.get(code="documents")


@translation.override("en")
def test_an_appeal_without_applicant_must_be_anonymous(alice, kr_centre):
    with pytest.raises(ValidationError, match="anonymous"):
        s.appeal_register(
            registered_by=alice, institution=kr_centre, applicant=None,
            received_on=timezone.localdate(), channel="post",
            issues=[s.IssueInput(topic=appeal_topic(), person=None)],
        )  # fmt: skip


@translation.override("en")
def test_an_electronic_appeal_needs_a_contact_for_the_reply(alice, kr_centre):
    person = t.PersonFactory(phone="", email="")
    with pytest.raises(ValidationError, match=r"art\. 5"):
        register(user=alice, institution=kr_centre, applicant=person, channel="online")
    ok = register(
        user=alice, institution=kr_centre, applicant=person, channel="online",
        contact="reply@example.test",
    )  # fmt: skip
    assert ok.contact == "reply@example.test" and ok.medium == "electronic"


def test_privileged_flag_comes_from_the_configured_statuses_or_by_hand(alice, kr_centre, settings):
    person = t.PersonFactory()
    t.give_status(person, "family_missing")
    assert register(user=alice, institution=kr_centre, applicant=person).is_privileged
    settings.APPEALS_PRIVILEGED_STATUSES = ["combatant"]
    plain = register(user=alice, institution=kr_centre, applicant=person)
    assert not plain.is_privileged
    s.appeal_set_privileged(
        actor=alice, appeal=plain, privileged=True, reason="Особа з інвалідністю І групи"
    )
    plain.refresh_from_db()
    assert plain.is_privileged and plain.privileged_reason
    assert AuditEntry.objects.filter(action="appeal.privileged_set").exists()


def test_war_disabled_applicant_is_routed_to_the_head_personally(alice, head, kr_centre):
    veteran = t.PersonFactory()
    t.give_status(veteran, "war_disabled")
    appeal = register(user=alice, institution=kr_centre, applicant=veteran)
    assert appeal.head_personally and appeal.head_considered_by is None
    decision = s.decision_propose(
        actor=alice, appeal=appeal, kind=DecisionKind.HEAD_PERSONALLY, reason="ст. 15 ч. 2"
    )
    assert decision.status == DecisionStatus.PROPOSED
    s.decision_decide(actor=head, decision=decision, approve=True)
    appeal.refresh_from_db()
    assert appeal.head_considered_by == head


@translation.override("en")
def test_specialist_proposes_an_extension_and_only_the_head_approves(alice, head, appeal):
    issue = appeal.issues.first()
    until = issue.received_on + dt.timedelta(days=40)
    decision = s.decision_propose(
        actor=alice, appeal=appeal, issue=issue, kind=DecisionKind.EXTENSION, until=until,
        reason="Запит до архіву",
    )  # fmt: skip
    issue.refresh_from_db()
    assert issue.extended_until is None  # not yet: the head decides
    with pytest.raises(ValidationError, match="head"):
        s.decision_decide(actor=alice, decision=decision, approve=True)
    s.decision_decide(actor=head, decision=decision, approve=True)
    issue.refresh_from_db()
    assert issue.due_on == until
    assert AuditEntry.objects.filter(action="decision.approved").exists()


@translation.override("en")
def test_not_considering_needs_the_head_and_a_ground(alice, head, appeal):
    issue = appeal.issues.first()
    with pytest.raises(ValidationError, match="head"):
        s.issue_close(actor=alice, issue=issue, version=None, outcome=Outcome.NOT_CONSIDERED)
    s.decision_propose(
        actor=head, appeal=appeal, issue=issue, kind=DecisionKind.NOT_CONSIDERED,
        ground=NotConsideredGround.LATE_COMPLAINT, reason="Скарга через два роки",
    )  # fmt: skip
    issue.refresh_from_db()
    assert issue.outcome == Outcome.NOT_CONSIDERED
    assert issue.not_considered_ground == NotConsideredGround.LATE_COMPLAINT


@translation.override("en")
def test_deadline_is_shortened_on_a_reasoned_request(alice, appeal):
    issue = appeal.issues.first()
    until = issue.received_on + dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        s.issue_shorten(actor=alice, issue=issue, version=None, until=until, reason=" ")
    s.issue_shorten(
        actor=alice, issue=issue, version=None, until=until, reason="Операція через тиждень"
    )
    issue.refresh_from_db()
    assert issue.due_on == until and issue.deadline_rule == DeadlineRule.SHORTENED


def test_a_term_ending_on_a_day_off_moves_to_the_next_working_day(settings):
    settings.APPEALS_DEADLINE_NEXT_WORKING_DAY = True
    # 15.01.2026 + one month = 15.02.2026, a Sunday: due Monday 16.02.2026.
    assert deadlines.due_date(dt.date(2026, 1, 15)) == dt.date(2026, 2, 16)
    settings.APPEALS_HOLIDAYS_ARE_DAYS_OFF = True
    # 23.07.2021 + one month = 23.08.2021, a transferred day off, then Independence Day.
    assert deadlines.due_date(dt.date(2021, 7, 23)) == dt.date(2021, 8, 25)
    # Under martial law the calendar has no days off besides weekends (holidays package).
    assert deadlines.due_date(dt.date(2026, 7, 24)) == dt.date(2026, 8, 24)
    settings.APPEALS_HOLIDAYS_ARE_DAYS_OFF = False
    assert deadlines.due_date(dt.date(2021, 7, 23)) == dt.date(2021, 8, 23)


@translation.override("en")
def test_return_for_missing_data_is_5_days_and_for_art_5_is_10():
    day = dt.date(2024, 2, 20)
    assert deadlines.due_date(day, DeadlineRule.RETURN_MISSING) == dt.date(2024, 2, 25)
    assert deadlines.due_date(day, DeadlineRule.RETURN) == dt.date(2024, 3, 1)
    assert "art. 5" in str(DeadlineRule.RETURN.label)


def answer(alice, appeal, issue, **kw):
    issue = s.issue_close(
        actor=alice, issue=issue, version=None, outcome=Outcome.EXPLAINED,
        resolution="Роз'яснено порядок відновлення паспорта.",
    )  # fmt: skip
    return s.letter_issue(
        actor=alice, appeal=appeal, issue=issue, kind=LetterKind.ANSWER,
        signatory="Директор І. Петренко", **kw,
    )  # fmt: skip


def test_reply_letter_docx_is_numbered_and_has_its_fields_filled(alice, appeal):
    issue = appeal.issues.order_by("id").first()
    letter = answer(alice, appeal, issue)
    year = timezone.localdate().year
    assert letter.number == f"KR-CSS/{year}/В-00001"
    doc = Document(io.BytesIO(letter.docx.read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"№ {letter.number}" in text
    assert f"На № {appeal.number}" in text
    assert "Коваленко Оксана" in text
    assert "Роз'яснено порядок відновлення паспорта." in text
    assert "Директор І. Петренко" in text
    assert "{{" not in text
    assert letter.pdf.read().startswith(b"%PDF-")


def test_appeal_is_answered_when_every_issue_has_its_answer(alice, appeal):
    first, second = appeal.issues.order_by("id")
    answer(alice, appeal, first)
    assert s.appeal_answer_status(appeal) == (1, 2)
    answer(alice, appeal, second)
    assert s.appeal_answer_status(appeal) == (2, 2)


@translation.override("en")
def test_one_answer_per_issue_and_only_once_closed(alice, appeal):
    issue = appeal.issues.first()
    with pytest.raises(ValidationError, match="Close the issue"):
        s.letter_issue(
            actor=alice, appeal=appeal, issue=issue, kind=LetterKind.ANSWER, signatory="Х"
        )
    answer(alice, appeal, issue)
    with pytest.raises(ValidationError, match="already"):
        s.letter_issue(
            actor=alice, appeal=appeal, issue=issue, kind=LetterKind.ANSWER, signatory="Х"
        )


def test_forwarding_notice_names_the_body_and_closes_the_issues_as_forwarded(alice, appeal):
    letter = s.letter_issue(
        actor=alice, appeal=appeal, kind=LetterKind.FORWARDING, signatory="Директор",
        to_body="Головне управління ПФУ", render_files=False,
    )  # fmt: skip
    assert "Головне управління ПФУ" in letter.body and "статт" in letter.body
    assert set(appeal.issues.values_list("outcome", flat=True)) == {Outcome.FORWARDED}


def test_outgoing_numbers_are_sequential_per_institution(alice, appeal):
    a = s.letter_issue(
        actor=alice, appeal=appeal, kind=LetterKind.RETURN_MISSING, signatory="Д",
        render_files=False,
    )  # fmt: skip
    b = s.letter_issue(
        actor=alice, appeal=appeal, kind=LetterKind.RETURN_ART5, signatory="Д",
        render_files=False,
    )  # fmt: skip
    assert int(b.number[-5:]) == int(a.number[-5:]) + 1


# --- pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["card", "receipt", "card_pdf", "receipt_pdf"])
def test_card_and_receipt_open_for_insiders_and_404_for_outsiders(client, alice, bob, appeal, name):
    from django.urls import reverse

    url = reverse(f"appeals:{name}", args=[appeal.pk])
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    if name.endswith("_pdf"):
        assert response.content.startswith(b"%PDF-")
    else:
        assert appeal.number in response.content.decode()
        assert appeal.registration_index in response.content.decode()


def test_appeal_page_lists_letters_and_answer_status(client, alice, appeal):
    letter = answer(alice, appeal, appeal.issues.order_by("id").first())
    client.force_login(alice)
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert letter.number in page
    assert f"/appeals/{appeal.pk}/card/" in page and f"/appeals/{appeal.pk}/receipt/" in page


def test_letter_download_is_scoped(client, alice, bob, appeal):
    letter = answer(alice, appeal, appeal.issues.first())
    client.force_login(bob)
    assert client.get(f"/appeals/letters/{letter.pk}/docx/").status_code == 404
    client.force_login(alice)
    response = client.get(f"/appeals/letters/{letter.pk}/docx/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_letter_form_on_the_appeal_page_numbers_a_notice(client, alice, appeal):
    client.force_login(alice)
    response = client.post(
        f"/appeals/{appeal.pk}/letters/",
        {"kind": "return_missing", "channel": "letter", "signatory": "Директор"},
    )
    assert response.status_code == 302
    assert Letter.objects.filter(appeal=appeal, kind="return_missing").count() == 1


def test_worklist_shows_what_still_owes_an_answer(
    client, alice, appeal, django_assert_max_num_queries
):
    first = appeal.issues.order_by("id").first()
    letter = answer(alice, appeal, first)
    client.force_login(alice)
    with django_assert_max_num_queries(12):
        response = client.get("/appeals/", {"answer": "owed", "who": "mine"})
    issues = list(response.context["page"])
    assert first not in issues and len(issues) == 1
    everything = client.get("/appeals/", {"status": "closed"}).content.decode()
    assert letter.number in everything


def test_an_extension_owes_the_applicant_a_notice_until_it_is_sent(client, alice, head, appeal):
    first, _second = appeal.issues.order_by("id")
    until = appeal.received_on + dt.timedelta(days=40)
    s.issue_extend(actor=head, issue=first, version=None, until=until, reason="Запит до архіву")
    client.force_login(alice)
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "Заявникові ще належить надіслати повідомлення" in page
    assert until.strftime("%d.%m.%Y") in page
    owed = list(client.get("/appeals/", {"answer": "notice", "who": "all"}).context["page"])
    assert owed == [first]
    s.letter_issue(
        actor=alice, appeal=appeal, issue=first, kind=LetterKind.EXTENSION, signatory="Голова",
        render_files=False,
    )  # fmt: skip
    assert "Заявникові ще належить" not in client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert not list(client.get("/appeals/", {"answer": "notice", "who": "all"}).context["page"])


def test_an_issue_closed_as_forwarded_without_a_notice_is_flagged(client, alice, appeal):
    issue = appeal.issues.order_by("id").first()
    s.issue_close(actor=alice, issue=issue, version=None, outcome=Outcome.FORWARDED)
    client.force_login(alice)
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "повідомлення заявникові про пересилання не зареєстровано (ст. 7)" in page


def test_a_forwarding_after_five_days_is_marked_late(client, alice, kr_centre):
    today = timezone.localdate()
    on_time = register(user=alice, institution=kr_centre, applicant=t.PersonFactory(),
                       received_on=today - dt.timedelta(days=5))  # fmt: skip
    late = register(user=alice, institution=kr_centre, applicant=t.PersonFactory(),
                    received_on=today - dt.timedelta(days=6))  # fmt: skip
    client.force_login(alice)
    for appeal, badge in ((on_time, False), (late, True)):
        s.letter_issue(
            actor=alice, appeal=appeal, kind=LetterKind.FORWARDING, signatory="Голова",
            to_body="Пенсійний фонд", render_files=False,
        )  # fmt: skip
        page = client.get(f"/appeals/{appeal.pk}/").content.decode()
        assert ("із порушенням строку" in page) is badge
        assert "Заявникові ще належить" not in page  # the forwarding letter is the notice


def test_the_card_names_each_questions_subject_in_the_classifier(client, alice, appeal):
    client.force_login(alice)
    card = client.get(f"/appeals/{appeal.pk}/card/").content.decode()
    assert "соціального захисту" in card  # documents
    assert "забезпечення дотримання законності" in card  # legal aid
    # The author's category is the classifier's row, never our raw status code.
    assert "7.22 Інші категорії" in card and ">other<" not in card
    from suprovid.appeals.letters import card_context

    assert card_context(appeal)["category_label"] == "7.22 Інші категорії"


def test_registration_journal_is_scoped_and_exports_the_card_fields(
    client, alice, bob, kr_centre, appeal, django_assert_max_num_queries
):
    from openpyxl import load_workbook

    from suprovid.appeals.register_journal import HEADER

    client.force_login(bob)
    assert appeal.number not in client.get("/appeals/journal/").content.decode()
    client.force_login(alice)
    page = client.get("/appeals/journal/")
    assert appeal.number in page.content.decode() and appeal.registration_index == "К-1"
    response = client.get("/appeals/journal/", {"export": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    line = dict(zip(HEADER, rows[1], strict=True))
    assert line["Реєстраційний індекс"] == "К-1" and line["Номер"] == appeal.number
    assert line["Кореспондент"].startswith("Коваленко Оксана")
    assert line["Категорія автора (Класифікатор)"] == "7.22 Інші категорії"
    assert "соціального захисту" in line["Питання (тематика; розділ ІІ Класифікатора)"]
    assert AuditEntry.objects.filter(action="export.downloaded", actor=alice).exists()
    # Bad dates are a message, not a 500; the same number of queries for 1 or 6 appeals.
    bad = client.get("/appeals/journal/", {"from": "31.02.2025"})
    assert bad.status_code == 200 and "31.02.2025" in bad.content.decode()
    assert 'role="alert"' in bad.content.decode()
    with django_assert_max_num_queries(14) as one:
        client.get("/appeals/journal/")
    for _n in range(5):
        register(user=alice, institution=kr_centre, applicant=t.PersonFactory())
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/appeals/journal/").context["lines"]) == 6


def test_reception_page_query_count_does_not_grow_with_days(
    client, alice, kr_centre, django_assert_max_num_queries
):
    first = _day(alice, kr_centre)
    s.reception_register(actor=alice, schedule=first, person=t.PersonFactory(), mode="queue")
    client.force_login(alice)
    with django_assert_max_num_queries(20) as one:
        client.get("/appeals/reception/")
    for _n in range(3):
        day = _day(alice, kr_centre)
        s.reception_register(actor=alice, schedule=day, person=t.PersonFactory(), mode="queue")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/appeals/reception/").context["days"]) == 4


def test_head_queue_is_for_heads_only(client, alice, head, appeal):
    s.decision_propose(
        actor=alice, appeal=appeal, kind=DecisionKind.HEAD_PERSONALLY, reason="ст. 15"
    )
    client.force_login(alice)
    assert client.get("/appeals/decisions/").status_code == 403
    client.force_login(head)
    assert "ст. 15" in client.get("/appeals/decisions/").content.decode()


# --- personal reception ----------------------------------------------------------------


def test_a_reception_visit_becomes_an_appeal_with_its_issue(alice, kr_centre):
    day = s.reception_schedule_create(
        actor=alice, official=alice, institution=kr_centre, date=timezone.localdate(),
        starts_at=dt.time(10), ends_at=dt.time(13), slots=1,
    )  # fmt: skip
    first, second = t.PersonFactory(), t.PersonFactory()
    visit = s.reception_register(actor=alice, schedule=day, person=first, mode=VisitMode.BOOKED)
    with pytest.raises(ValidationError):
        s.reception_register(actor=alice, schedule=day, person=second, mode=VisitMode.BOOKED)
    s.reception_register(actor=alice, schedule=day, person=second, mode=VisitMode.QUEUE)
    s.reception_record(
        actor=alice, visit=visit, status=VisitStatus.RECEIVED, substance="Відновити посвідчення"
    )
    appeal = s.reception_convert(
        actor=alice, visit=visit, appeal_type="request",
        issues=[s.IssueInput(topic=appeal_topic(), person=first, text="Посвідчення")],
    )  # fmt: skip
    assert appeal.channel == "in_person" and appeal.medium == "oral"
    assert appeal.issues.count() == 1 and appeal.applicant == first


def test_reception_pages_are_scoped(client, alice, bob, kr_centre):
    day = s.reception_schedule_create(
        actor=alice, official=alice, institution=kr_centre, date=timezone.localdate(),
        starts_at=dt.time(10), ends_at=dt.time(13),
    )  # fmt: skip
    visit = s.reception_register(
        actor=alice, schedule=day, person=t.PersonFactory(), mode=VisitMode.QUEUE
    )
    client.force_login(bob)
    assert client.get(f"/appeals/reception/visits/{visit.pk}/").status_code == 404
    client.force_login(alice)
    assert client.get(f"/appeals/reception/visits/{visit.pk}/").status_code == 200
    assert visit.person.last_name in client.get("/appeals/reception/").content.decode()


def _day(alice, kr_centre, **kw):
    return s.reception_schedule_create(
        actor=alice, official=alice, institution=kr_centre, date=timezone.localdate(),
        starts_at=dt.time(10), ends_at=dt.time(13), **kw,
    )  # fmt: skip


def test_reception_finds_the_person_with_the_picker_not_an_id(client, alice, kr_centre):
    day = _day(alice, kr_centre)
    mine = t.PersonFactory(last_name="Ярошенко", first_name="Ірина")
    t.PersonFactory(last_name="Ярошенко", first_name="Степан", territory_id=t.ZH_CITY)
    client.force_login(alice)
    page = client.get("/appeals/reception/").content.decode()
    assert 'name="person"' not in page and "Person id" not in page
    assert f'id="find-{day.pk}"' in page  # the search works without JavaScript too
    found = client.get("/appeals/reception/", {f"day-{day.pk}-person_q": "ярошенко"})
    html = found.content.decode()
    assert "Ірина" in html and "Степан" not in html  # only the user's area
    assert f'name="day-{day.pk}-person" value="{mine.pk}"' in html
    # The HTMX search answers the same, scoped, and the read is audited with the ids.
    htmx = client.get("/people/pick/", {"name": f"day-{day.pk}-person", "q": "Yaroshenko"})
    assert "Ірина" in htmx.content.decode() and "Степан" not in htmx.content.decode()
    assert AuditEntry.objects.filter(action="person.listed", object_id=str(mine.pk)).exists()
    response = client.post(
        f"/appeals/reception/{day.pk}/register/",
        {f"day-{day.pk}-person": mine.pk, f"day-{day.pk}-mode": "queue",
         f"day-{day.pk}-substance": "Пільги"},
        follow=True,
    )  # fmt: skip
    visit = day.visits.get()
    assert visit.person == mine and visit.mode == "queue" and visit.substance == "Пільги"
    assert "Ірина" in response.content.decode()


def test_reception_refuses_a_person_outside_the_area_or_none(client, alice, kr_centre):
    day = _day(alice, kr_centre)
    elsewhere = t.PersonFactory(territory_id=t.ZH_CITY)
    client.force_login(alice)
    for person in (elsewhere.pk, "", "abc", 10**9):
        response = client.post(
            f"/appeals/reception/{day.pk}/register/",
            {f"day-{day.pk}-person": person, f"day-{day.pk}-mode": "booked"}, follow=True,
        )  # fmt: skip
        assert response.status_code == 200
        assert "Знайдіть особу і виберіть її." in response.content.decode()
    assert not day.visits.exists()


def test_people_pick_is_for_roles_that_see_persons(client, make_user, tree):
    from suprovid.accounts.models import Role

    t.PersonFactory(last_name="Ярошенко")
    client.force_login(
        make_user(Role.AUDITOR, email="aud@example.test", territory_id=t.DNIPRO_OBLAST)
    )
    assert client.get("/people/pick/", {"q": "Ярошенко"}).status_code == 404
    client.logout()
    assert client.get("/people/pick/", {"q": "Ярошенко"}).status_code in (302, 404)


# --- data migration --------------------------------------------------------------------


def test_migration_turns_recorded_outcomes_into_answers(alice, appeal):
    from django.apps import apps

    first, second = appeal.issues.order_by("id")
    s.issue_close(
        actor=alice, issue=first, version=None, outcome=Outcome.EXPLAINED, resolution="Роз'яснено"
    )
    s.issue_close(actor=alice, issue=second, version=None, outcome=Outcome.EXPLAINED)
    migration = importlib.import_module("suprovid.appeals.migrations.0006_answers_from_outcomes")
    migration.forwards(apps, None)
    migrated = Letter.objects.get(migrated=True)
    assert migrated.issue == first and migrated.body == "Роз'яснено"
    assert not Letter.objects.filter(issue=second).exists()  # no answer was recorded
    migration.forwards(apps, None)  # idempotent
    assert Letter.objects.filter(migrated=True).count() == 1


# --- intake: anonymous and collective appeals -------------------------------------------


def _intake(kr_centre, alice, **extra):
    return {
        "received_on": timezone.localdate().isoformat(),
        "channel": "post",
        "appeal_type": "complaint",
        "form": "anonymous",
        "sign": "",
        "institution": kr_centre.pk,
        "text": "Лист без підпису",
        "issues-TOTAL_FORMS": "1",
        "issues-INITIAL_FORMS": "0",
        "issues-MIN_NUM_FORMS": "0",
        "issues-MAX_NUM_FORMS": "20",
        "issues-0-topic": "legal",
        "issues-0-deadline_rule": "standard",
        "issues-0-assignee": alice.pk,
        **extra,
    }


def test_intake_registers_an_anonymous_appeal_without_applicant(client, alice, kr_centre):
    from suprovid.appeals.models import Appeal

    client.force_login(alice)
    response = client.post("/appeals/new/", _intake(kr_centre, alice))
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.applicant is None and appeal.registration_index.startswith("БП-")
    assert appeal.issues.get().person is None
    page = client.get(f"/appeals/{appeal.pk}/")
    assert page.status_code == 200


def test_intake_without_applicant_is_refused_unless_anonymous(client, alice, kr_centre):
    from suprovid.appeals.models import Appeal

    client.force_login(alice)
    response = client.post("/appeals/new/", _intake(kr_centre, alice, form="individual"))
    assert response.status_code in (200, 400) and not Appeal.objects.exists()


def test_intake_collective_appeal_keeps_its_signatories_and_contact(client, alice, kr_centre):
    from suprovid.appeals.models import Appeal

    person = t.PersonFactory(phone="", email="")
    client.force_login(alice)
    response = client.post(
        "/appeals/new/",
        _intake(
            kr_centre, alice, form="collective", applicant=person.pk, signatories="14",
            channel="email", contact="initiative@example.test", social_status="pensioner",
        ),
    )  # fmt: skip
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.signatories == 14 and appeal.contact == "initiative@example.test"
    assert appeal.registration_index.startswith("КО-") and appeal.medium == "electronic"
