"""The quarterly classifier report (CMU 858/2008) on a hand-built quarter, every row known."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from suprovid import testing as t
from suprovid.appeals import classifier as form
from suprovid.appeals import services as s
from suprovid.appeals.models import (
    AppealForm,
    AppealSign,
    DecisionKind,
    Issue,
    LetterKind,
    NotConsideredGround,
    Outcome,
)
from suprovid.appeals.tests.factories import register
from suprovid.reports import classifier
from suprovid.reports.scope import report_scope

pytestmark = pytest.mark.django_db


D = dt.date
Q3 = (D(2025, 7, 1), D(2025, 9, 30))


def close(actor, issue, outcome, on, **kw):
    issue.refresh_from_db()
    return s.issue_close(
        actor=actor, issue=issue, version=None, outcome=outcome, closed_on=on, **kw
    )


@pytest.fixture
def quarter(alice, head, kr_centre, zh_centre):
    """Seven appeals of 2025 Q3, one for each case the form must tell apart."""
    p1 = t.PersonFactory(sex="M")
    woman = t.PersonFactory(sex="F")
    veteran = t.PersonFactory(sex="M")
    t.give_status(veteran, "war_disabled")
    a = {}
    # A1: by post, answered on time, resolved.
    a[1] = register(
        user=alice, institution=kr_centre, applicant=p1, received_on=D(2025, 7, 1), channel="post",
        social_status="military_pensioner",
    )  # fmt: skip
    i1 = close(alice, a[1].issues.get(), Outcome.RESOLVED, D(2025, 7, 10), support_kind="documents")
    s.letter_issue(
        actor=alice, appeal=a[1], issue=i1, kind=LetterKind.ANSWER, signatory="Голова",
        sent_on=D(2025, 7, 10), render_files=False,
    )  # fmt: skip
    # A2: anonymous by e-mail, a complaint; the head decides not to consider it (art. 8).
    a[2] = s.appeal_register(
        registered_by=alice, institution=kr_centre, applicant=None, received_on=D(2025, 7, 2),
        channel="email", form=AppealForm.ANONYMOUS, appeal_type="complaint",
        issues=[s.IssueInput(topic=i1.topic, person=None, text="Скарга без підпису")],
    )  # fmt: skip
    s.decision_propose(
        actor=alice, appeal=a[2], issue=a[2].issues.get(), kind=DecisionKind.NOT_CONSIDERED,
        ground=NotConsideredGround.ANONYMOUS, reason="Анонімне",
    )  # fmt: skip
    decision = a[2].decisions.get()
    s.decision_decide(actor=head, decision=decision, approve=True)
    Issue.objects.filter(appeal=a[2]).update(closed_on=D(2025, 7, 3))  # decided at the time
    # A3: collective, through an authorised person, a proposal; explained.
    a[3] = register(
        user=alice, institution=kr_centre, applicant=woman, received_on=D(2025, 7, 3),
        channel="authorised", form=AppealForm.COLLECTIVE, signatories=12,
        appeal_type="proposal", topics=("housing",), social_status="clergy",
    )  # fmt: skip
    close(alice, a[3].issues.get(), Outcome.EXPLAINED, D(2025, 7, 20))
    # A4: P1 again on documents to the same body: repeated; still under consideration.
    a[4] = register(user=alice, institution=kr_centre, applicant=p1, received_on=D(2025, 8, 1))
    # A5: P1 on documents to another body: first there; forwarded within 5 days (art. 7).
    a[5] = register(
        user=None, institution=zh_centre, applicant=p1, received_on=D(2025, 8, 4),
        channel="forwarded",
    )  # fmt: skip
    s.letter_issue(
        actor=head, appeal=a[5], kind=LetterKind.FORWARDING, signatory="Голова",
        sent_on=D(2025, 8, 6), to_body="Пенсійний фонд", render_files=False,
    )  # fmt: skip
    # A6: returned as not meeting art. 5 (10 days).
    a[6] = register(
        user=alice, institution=kr_centre, applicant=woman, received_on=D(2025, 9, 1),
        channel="forwarded_other", topics=("legal",),
    )  # fmt: skip
    s.letter_issue(
        actor=alice, appeal=a[6], kind=LetterKind.RETURN_ART5, signatory="Голова",
        sent_on=D(2025, 9, 8), render_files=False,
    )  # fmt: skip
    # A7: a person with disability due to war (art. 15 part 2), through the media; the head
    # extends the term on the specialist's proposal; refused, answered after the deadline.
    a[7] = register(
        user=alice, institution=kr_centre, applicant=veteran, received_on=D(2025, 7, 1),
        channel="media", topics=("benefits",),
    )  # fmt: skip
    i7 = a[7].issues.get()
    s.decision_propose(
        actor=alice, appeal=a[7], issue=i7, kind=DecisionKind.EXTENSION,
        until=D(2025, 8, 10), reason="Запит до архіву",
    )  # fmt: skip
    s.decision_decide(actor=head, decision=a[7].decisions.get(), approve=True)
    i7 = close(alice, i7, Outcome.REFUSED, D(2025, 8, 12))
    s.letter_issue(
        actor=alice, appeal=a[7], issue=i7, kind=LetterKind.ANSWER, signatory="Голова",
        sent_on=D(2025, 8, 12), render_files=False,
    )  # fmt: skip
    return a


def test_repeated_means_the_same_body_on_a_question_already_decided(quarter):
    assert quarter[4].sign == AppealSign.REPEATED
    assert quarter[5].sign == AppealSign.FIRST  # another body: first there


def test_every_row_of_the_hand_built_quarter_is_counted(quarter):
    data = classifier.quarterly(report_scope(territory_code=None, user=None), *Q3)
    rows = data["rows"]
    assert data["appeals"] == 7
    assert set(rows) == set(form.ROW_CODES)
    expected = {
        "1.1": 2, "1.1.1": 0, "1.2": 1, "1.3": 1, "1.4": 1, "1.5": 1, "1.6": 1,
        "2.1": 6, "2.2": 1, "2.3": 0, "2.4": 0, "2.5": 0,
        "3.1": 1, "3.2": 5, "3.3": 1,
        "4.1": 4, "4.2": 1,
        "5.1": 5, "5.2": 1, "5.3": 1,
        "6.1": 0, "6.2": 5, "6.3": 1, "6.4": 1,
        "7.4": 1, "7.5": 0, "7.22": 6,
        "8.2": 1, "8.11": 1, "8.14": 5,
        "9.1": 1, "9.2": 1, "9.3": 1, "9.4": 1, "9.5": 1, "9.6": 1,
    }  # fmt: skip
    assert {k: rows[k] for k in expected} == expected
    assert data["pending"] == 1  # A4
    assert data["answered_late"] == 1  # A7, after its extended deadline
    assert data["extended_by_head"] == 1
    assert data["head_personally"] == 1
    assert data["issues_by_classifier_topic"]["social_protection"] == 5  # documents, benefits
    assert data["issues_by_classifier_topic"]["housing"] == 1
    assert data["issues_by_classifier_topic"]["law_order"] == 1  # legal aid
    assert sum(data["issues_by_classifier_topic"].values()) == data["issues"] == 7


def test_our_reconstructed_rows_are_listed_and_the_sourced_ones_are_not(quarter):
    data = classifier.quarterly(report_scope(territory_code=None, user=None), *Q3)
    assert "7.22" in data["unverified_rows"] and "8.1" in data["unverified_rows"]
    assert "7.17" not in data["unverified_rows"] and "9.1" not in data["unverified_rows"]
    assert set(data["unverified_rows"]) <= set(form.ROW_CODES)


def test_every_social_status_and_category_we_record_has_a_row():
    from suprovid.appeals.models import SocialStatus
    from suprovid.people.models import StatusCode

    assert set(SocialStatus.values) <= set(form.SOCIAL_ROW)
    assert len(set(form.SOCIAL_ROW.values())) == len(SocialStatus.values) == 14
    rows = {form.category_row(code) for code in StatusCode.values}
    assert rows == {"7.1", "7.4", "7.5", form.OTHER_CATEGORY}
    assert form.ROW_LABELS[form.OTHER_CATEGORY] == "Інші категорії"
    assert form.ROW_LABELS[form.OTHER_SOCIAL] == "Інші"
    assert set(form.TOPIC_TO_CLASSIFIER.values()) <= set(form.CLASSIFIER_TOPIC_LABELS)


def test_facets_that_classify_each_appeal_once_add_up_to_appeals(quarter):
    data = classifier.quarterly(report_scope(territory_code=None, user=None), *Q3)
    for facet, _label, rows in form.FACETS:
        if facet in form.ADDITIVE_FACETS:
            codes = [c for c, _l in rows if c.count(".") == 1]
            assert sum(data["rows"][c] for c in codes) == data["appeals"], facet
    results = sum(data["rows"][c] for c in ("9.1", "9.2", "9.3", "9.4", "9.5", "9.6"))
    assert results + data["pending"] == data["appeals"]


def test_territory_keeps_only_its_institutions(quarter):
    data = classifier.quarterly(report_scope(territory_code=t.ZH_OBLAST, user=None), *Q3)
    assert data["appeals"] == 1 and data["rows"]["9.5"] == 1


def test_cli_prints_the_contract_json(quarter, capsys):
    call_command("report", "quarterly", "--year", "2025", "--quarter", "3", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == {"from": "2025-07-01", "to": "2025-09-30"}
    assert data["territory"] == "" and data["appeals"] == 7
    assert data["rows"]["5.3"] == 1 and len(data["rows"]) == len(form.ROW_CODES)


def test_cli_writes_the_xlsx_form_with_a_sheet_by_topic(quarter, tmp_path):
    out = tmp_path / "q3.xlsx"
    call_command(
        "report", "quarterly", "--year", "2025", "--quarter", "3", "--format", "xlsx",
        "--output", str(out),
    )  # fmt: skip
    book = load_workbook(io.BytesIO(out.read_bytes()))
    form = {r[0]: r[2] for r in book.worksheets[0].iter_rows(values_only=True) if r and r[0]}
    assert form["5.3"] == 1 and form["9.4"] == 1
    labels = {r[0]: r[1] for r in book.worksheets[0].iter_rows(values_only=True) if r and r[0]}
    assert labels["7.22"] == "Інші категорії *" and labels["7.5"] == "Учасник бойових дій"
    topics = {r[0]: r[2] for r in book.worksheets[1].iter_rows(values_only=True)}
    assert topics["documents"] == 4 and topics["benefits"] == 1
    assert topics["social_protection"] == 5
    summary = {r[0]: r[2] for r in book.worksheets[2].iter_rows(min_row=3, values_only=True)}
    assert summary["Кількість усіх звернень"] == 7
    assert summary["Кількість звернень, що надійшли поштою"] == 2
    assert summary["Інше"] == 3  # returned, forwarded, not considered (9.4-9.6)
    assert summary["Повторних"] == 1 and summary["Колективних"] == 1
    assert (
        summary["Від учасників та осіб з інвалідністю внаслідок війни, учасників бойових дій"] == 1
    )
    assert summary["у тому числі соціального захисту"] == 5
