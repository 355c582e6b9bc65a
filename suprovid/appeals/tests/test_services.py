from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone, translation

from suprovid import testing as t
from suprovid.appeals import services as s
from suprovid.appeals.models import (
    Activity,
    ActivityKind,
    Appeal,
    AppealSign,
    Issue,
    IssueStatus,
    Outcome,
    ReferralStatus,
)
from suprovid.core.concurrency import StaleObjectError
from suprovid.core.models import AuditEntry
from suprovid.network.models import InstitutionKind
from suprovid.topics.defaults import ensure_topics

from .factories import register, sharing_consent

pytestmark = pytest.mark.django_db


def test_numbers_are_sequential_per_institution_and_year(alice, kr_centre, zh_centre):
    person = t.PersonFactory()
    first = register(user=alice, institution=kr_centre, applicant=person)
    second = register(user=alice, institution=kr_centre, applicant=person)
    other = register(user=alice, institution=zh_centre, applicant=person)
    year = timezone.localdate().year
    assert first.number == f"KR-CSS/{year}/00001"
    assert second.number == f"KR-CSS/{year}/00002"
    assert other.number == f"ZH-CSS/{year}/00001"


def test_registration_copies_appeal_facts_onto_issues_and_computes_due_dates(alice, kr_centre):
    mother, son = t.PersonFactory(), t.PersonFactory()
    appeal = register(
        user=alice,
        institution=kr_centre,
        applicant=mother,
        person=son,
        topics=("documents.restore", "legal"),
        received_on=dt.date(2024, 1, 31),
    )
    issues = list(appeal.issues.order_by("id"))
    assert [i.topic_group for i in issues] == ["documents", "legal"]
    assert {i.person for i in issues} == {son}
    assert all(i.due_on == dt.date(2024, 2, 29) for i in issues)
    assert all(i.territory_id == t.KR_CITY and i.institution == kr_centre for i in issues)
    assert AuditEntry.objects.filter(action="appeal.registered", object_id=str(appeal.pk)).exists()


def test_veteran_applicant_is_privileged_with_main_status_as_author_category(alice, kr_centre):
    veteran = t.PersonFactory()
    t.give_status(veteran, "demobilized")
    t.give_status(veteran, "combatant")
    relative = t.PersonFactory()
    assert register(user=alice, institution=kr_centre, applicant=veteran).is_privileged
    assert (
        register(user=alice, institution=kr_centre, applicant=veteran).author_category
        == "combatant"
    )
    plain = register(user=alice, institution=kr_centre, applicant=relative)
    assert not plain.is_privileged and plain.author_category == "other"


def test_same_decided_topic_again_is_suggested_as_repeated(alice, kr_centre):
    person = t.PersonFactory()
    first = register(user=alice, institution=kr_centre, applicant=person, topics=("legal",))
    assert first.sign == AppealSign.FIRST
    issue = first.issues.get()
    s.issue_close(actor=alice, issue=issue, version=issue.version, outcome=Outcome.EXPLAINED)
    again = register(user=alice, institution=kr_centre, applicant=person, topics=("legal.court",))
    other = register(user=alice, institution=kr_centre, applicant=person, topics=("housing",))
    assert again.sign == AppealSign.REPEATED
    assert other.sign == AppealSign.FIRST


def test_the_same_question_while_still_considered_is_duplicate_at_that_body_only(
    alice, kr_centre, zh_centre
):
    person = t.PersonFactory()
    register(user=alice, institution=kr_centre, applicant=person, topics=("housing",))
    again = register(user=alice, institution=kr_centre, applicant=person, topics=("housing",))
    elsewhere = register(user=None, institution=zh_centre, applicant=person, topics=("housing",))
    other_topic = register(user=alice, institution=kr_centre, applicant=person, topics=("land",))
    assert again.sign == AppealSign.DUPLICATE
    assert elsewhere.sign == AppealSign.FIRST and other_topic.sign == AppealSign.FIRST


def test_close_requires_support_kind_for_resolved_and_records_timeline(alice, kr_centre):
    issue = register(user=alice, institution=kr_centre, applicant=t.PersonFactory()).issues.get()
    with pytest.raises(ValidationError) as err:
        s.issue_close(actor=alice, issue=issue, version=issue.version, outcome=Outcome.RESOLVED)
    assert "support_kind" in err.value.message_dict
    s.issue_close(
        actor=alice,
        issue=issue,
        version=issue.version,
        outcome=Outcome.RESOLVED,
        support_kind="documents",
        resolution="Паспорт відновлено",
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CLOSED and issue.closed_on == timezone.localdate()
    assert Activity.objects.filter(issue=issue, kind=ActivityKind.STATUS_CHANGE).count() == 1
    s.issue_reopen(actor=alice, issue=issue, version=issue.version, reason="Новий документ")
    issue.refresh_from_db()
    assert issue.status == IssueStatus.IN_PROGRESS and issue.outcome == ""
    assert AuditEntry.objects.filter(action="issue.reopened", object_id=str(issue.pk)).exists()


@translation.override("en")
def test_extension_beyond_45_days_is_refused_and_within_is_kept(alice, kr_centre):
    received = timezone.localdate() - dt.timedelta(days=10)
    issue = register(
        user=alice, institution=kr_centre, applicant=t.PersonFactory(), received_on=received
    ).issues.get()
    alice.is_head = True  # Law 393/96 art. 20: the head extends
    with pytest.raises(ValidationError, match="45"):
        s.issue_extend(
            actor=alice,
            issue=issue,
            version=issue.version,
            until=received + dt.timedelta(days=46),
            reason="Запит до архіву",
        )
    issue.refresh_from_db()
    assert issue.extended_until is None
    s.issue_extend(
        actor=alice,
        issue=issue,
        version=issue.version,
        until=received + dt.timedelta(days=45),
        reason="Запит до архіву",
    )
    issue.refresh_from_db()
    assert issue.due_on == received + dt.timedelta(days=45)


def test_stale_save_is_refused_and_nothing_is_overwritten(alice, kr_centre):
    issue = register(user=alice, institution=kr_centre, applicant=t.PersonFactory()).issues.get()
    read_version = issue.version
    other_copy = Issue.objects.get(pk=issue.pk)
    s.issue_take(actor=alice, issue=other_copy, version=read_version)
    with pytest.raises(StaleObjectError):
        s.issue_close(actor=alice, issue=issue, version=read_version, outcome=Outcome.EXPLAINED)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.IN_PROGRESS


def test_forward_rule_gives_five_days(alice, kr_centre):
    received = timezone.localdate() - dt.timedelta(days=1)
    issue = register(
        user=alice, institution=kr_centre, applicant=t.PersonFactory(), received_on=received
    ).issues.get()
    s.issue_set_deadline_rule(actor=alice, issue=issue, version=issue.version, rule="forward")
    issue.refresh_from_db()
    assert issue.due_on == received + dt.timedelta(days=5)


@translation.override("en")
def test_referral_needs_active_sharing_consent_and_partner_answers(alice, kr_centre, make_user):
    legal = t.InstitutionFactory(code="LEGAL", kind=InstitutionKind.PARTNER)
    partner = make_user("partner", institution=legal)
    person = t.PersonFactory()
    issue = register(user=alice, institution=kr_centre, applicant=person).issues.get()
    due = timezone.localdate() + dt.timedelta(days=7)
    with pytest.raises(ValidationError, match="consent"):
        s.referral_send(actor=alice, issue=issue, institution=legal, due_on=due)
    sharing_consent(person)
    referral = s.referral_send(
        actor=alice, issue=issue, institution=legal, due_on=due, shared_note="Консультація"
    )
    with pytest.raises(ValidationError):
        s.referral_decline(actor=partner, referral=referral, reason=" ")
    s.referral_accept(actor=partner, referral=referral)
    s.referral_complete(actor=partner, referral=referral, outcome_text="Позов подано")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED and referral.completed_on is not None


@translation.override("en")
def test_a_closed_issue_cannot_be_referred(alice, kr_centre):
    legal = t.InstitutionFactory(code="LEGAL", kind=InstitutionKind.PARTNER)
    person = t.PersonFactory()
    sharing_consent(person)
    issue = register(user=alice, institution=kr_centre, applicant=person).issues.get()
    s.issue_close(
        actor=alice,
        issue=issue,
        version=issue.version,
        outcome="explained",
        closed_on=timezone.localdate(),
    )

    with pytest.raises(ValidationError, match="closed issue"):
        s.referral_send(
            actor=alice,
            issue=issue,
            institution=legal,
            due_on=timezone.localdate() + dt.timedelta(days=7),
        )
    assert not issue.referrals.exists()


@translation.override("en")
def test_attachment_checked_by_size_extension_and_content(alice, kr_centre, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    appeal = register(user=alice, institution=kr_centre, applicant=t.PersonFactory())
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="content"):
        s.attachment_add(actor=alice, appeal=appeal, upload=fake)
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00")
    with pytest.raises(ValidationError, match="PDF"):
        s.attachment_add(actor=alice, appeal=appeal, upload=exe)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="10"):
        s.attachment_add(actor=alice, appeal=appeal, upload=big)
    ok = s.attachment_add(
        actor=alice, appeal=appeal, upload=SimpleUploadedFile("лист.pdf", b"%PDF-1.4 hello")
    )
    assert ok.file.path.startswith(str(tmp_path)) and ok.original_name == "лист.pdf"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_share_a_number(kr_centre):
    ensure_topics()  # an earlier transactional test may have flushed the migration's topics
    person = t.PersonFactory()
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(5):
                register(user=None, institution=kr_centre, applicant=person)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    sequences = sorted(
        Appeal.objects.filter(institution=kr_centre).values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, 31))
