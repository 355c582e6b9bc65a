"""Retention (privacy/lifecycle.py): anonymise what is past its time, keep every figure."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from suprovid import testing as t
from suprovid.appeals.models import Appeal, Issue, Letter
from suprovid.core.models import AuditEntry
from suprovid.people.models import Person
from suprovid.people.tests.factories import PersonFactory, make_link
from suprovid.privacy.lifecycle import ANONYMOUS_LAST_NAME, apply_retention
from suprovid.reports import classifier
from suprovid.reports.queries import summary
from suprovid.reports.scope import report_scope
from suprovid.reports.tests.factories import build_dataset
from suprovid.reports.tests.test_classifier import Q3, quarter  # noqa: F401

pytestmark = pytest.mark.django_db

# Seven years after the data (2025): everything is older than the 5-year rules.
LATER = timezone.localdate().replace(month=1, day=1) + dt.timedelta(days=7 * 366)


def _reports() -> dict[str, Any]:
    year = {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31)}
    return {
        "summary": summary(**year),
        "summary_dnipro": summary(**year, territory_code=t.DNIPRO_OBLAST),
        "summary_h1": summary(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 6, 30)),
        "quarterly": classifier.quarterly(report_scope(territory_code=None, user=None), *Q3),
        "quarterly_dnipro": classifier.quarterly(
            report_scope(territory_code=t.DNIPRO_OBLAST, user=None), *Q3
        ),
    }


@pytest.fixture
def households(tree):
    """A widow with an open issue keeps her fallen husband; an idle couple goes together."""
    from suprovid.testing import make_issue

    kept = PersonFactory(last_name="Вдова", rnokpp="", phone="+380671112233")
    fallen = PersonFactory(last_name="Загиблий", fate="fallen")
    make_link(kept, fallen, "spouse")
    t.give_status(kept, "family_fallen", related_person=fallen)
    make_issue(
        person=kept,
        institution=t.InstitutionFactory(code="KR-CSS"),
        received_on=dt.date(2025, 5, 1),
        topic="payments",
    )  # still open
    idle = PersonFactory(last_name="Тихий", phone="+380501234567", address="вул. Миру, 1")
    partner = PersonFactory(last_name="Тиха")
    make_link(idle, partner, "spouse")
    return {"kept": kept, "fallen": fallen, "idle": idle, "partner": partner}


@pytest.mark.usefixtures("quarter")
def test_anonymising_keeps_the_summary_and_the_quarterly_report_unchanged(
    kr_centre, zh_centre, households
):
    build_dataset(kr_centre, zh_centre)
    Appeal.objects.update(text="Прошу допомогти, мій телефон 067 000 00 00")
    Issue.objects.update(text="Подробиці про здоров'я", resolution="Роз'яснено Іванову")
    before = _reports()
    assert before["summary"]["veterans_helped"] > 0 and before["quarterly"]["appeals"] == 8

    dry = apply_retention(today=LATER, dry_run=True)
    assert dry.persons and not Person.objects.filter(anonymised_on__isnull=False).exists()
    assert Appeal.objects.filter(text="").count() == 0

    with CaptureQueriesContext(connection) as queries:
        run = apply_retention(today=LATER)
    after = _reports()
    assert after == before  # every figure, key by key

    anonymised = Person.objects.filter(anonymised_on=LATER)
    assert anonymised.count() == len(run.persons) + len(run.merged_away) >= 4
    for person in anonymised:
        assert person.last_name == ANONYMOUS_LAST_NAME and person.first_name == f"№{person.pk}"
        assert (person.patronymic, person.rnokpp, person.phone, person.address) == ("", "", "", "")
        assert person.birth_date is None or (person.birth_date.month, person.birth_date.day) == (
            1,
            1,
        )
    h = {k: Person.objects.get(pk=p.pk) for k, p in households.items()}
    assert h["idle"].anonymised_on == h["partner"].anonymised_on == LATER
    assert h["kept"].anonymised_on is None and h["fallen"].anonymised_on is None
    assert h["kept"].phone == "+380671112233"
    # Their texts are gone; letters keep their numbers (the quarterly counts them) but not
    # their words.
    gone = [p.pk for p in anonymised]
    assert not Issue.objects.filter(person_id__in=gone).exclude(text="").exists()
    assert not Letter.objects.filter(appeal__applicant_id__in=gone).exclude(body="").exists()
    # One entry per anonymised person, written in bulk.
    entries = AuditEntry.objects.filter(action="person.anonymised")
    assert sorted(int(e.object_id) for e in entries) == sorted(gone)
    inserts = [q for q in queries.captured_queries if 'INSERT INTO "core_auditentry"' in q["sql"]]
    assert len(inserts) == 2  # persons, then appeals erased by the appeal rule

    # An active person's old, closed appeals lose their texts too (appeal rule).
    assert Appeal.objects.filter(texts_erased_on=LATER).exclude(applicant_id__in=gone).exists()
    assert AuditEntry.objects.filter(action="appeal.texts_erased").count() == len(run.appeals)
    # Running again finds nothing more to do.
    again = apply_retention(today=LATER)
    assert (again.persons, again.appeals) == ([], [])


def test_dry_run_command_prints_ids_and_dates_and_changes_nothing(households):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", "--today", LATER.isoformat(), stdout=out)
    text = out.getvalue()
    assert "Dry run, nothing changed." in text
    assert f"person {households['idle'].pk} would be anonymised" in text
    assert f"person {households['kept'].pk} " not in text
    assert "Тихий" not in text  # ids and dates, never names
    assert not Person.objects.filter(anonymised_on__isnull=False).exists()


def test_a_rule_set_to_zero_is_off(households):
    run = apply_retention(today=LATER, person_years=0, appeal_years=0)
    assert (run.persons, run.appeals) == ([], [])
    assert "rule off" in "\n".join(run.lines())


@override_settings(RETENTION_PERSON_YEARS=1, RETENTION_APPEAL_TEXT_YEARS=0)
def test_the_scheduled_task_applies_the_configured_rule(households):
    from suprovid.privacy.tasks import apply_retention_rules

    long_ago = timezone.now() - dt.timedelta(days=800)
    Person.objects.update(created_at=long_ago, updated_at=long_ago)
    result = apply_retention_rules.enqueue()
    assert result.return_value["persons_anonymised"] == 2  # the idle couple
    assert Person.objects.filter(anonymised_on__isnull=False).count() == 2


def test_the_audit_log_keeps_every_entry_but_not_what_it_copied_about_an_anonymised_person(
    client, alice, households
):
    from suprovid.appeals.tests.factories import register
    from suprovid.people.audit_redaction import REDACTED
    from suprovid.people.services import person_update

    idle, kept = households["idle"], households["kept"]
    person_update(
        actor=alice, person=idle, fields={"phone": "+380501234999"}, expected_version=None
    )
    kr = t.InstitutionFactory(code="KR-IDLE")
    appeal = register(user=alice, institution=kr, applicant=idle)
    Appeal.objects.filter(pk=appeal.pk).update(received_on=dt.date(2025, 2, 3))
    Issue.objects.filter(appeal=appeal).update(
        status="closed",
        outcome="explained",
        closed_on=dt.date(2025, 3, 1),
        received_on=dt.date(2025, 2, 3),
    )
    client.force_login(alice)
    client.get(f"/people/{idle.pk}/")
    client.get("/people/", {"q": "Тихий"})
    client.get(f"/people/{kept.pk}/")
    mine = AuditEntry.objects.exclude(action__in=["person.anonymised", "appeal.texts_erased"])
    before = list(mine.order_by("pk").values_list("pk", "action", "object_type", "object_id"))
    about_kept = list(
        AuditEntry.objects.for_object(kept).values_list("object_repr", "before", "after")
    )
    assert any("Тихий" in (e.object_repr or "") for e in AuditEntry.objects.all())
    long_ago = timezone.now() - dt.timedelta(days=3000)
    Person.objects.update(created_at=long_ago, updated_at=long_ago)

    apply_retention(today=LATER)

    assert Person.objects.get(pk=idle.pk).anonymised_on == LATER
    # Every entry is still there, with its action, object and actor …
    assert (
        list(mine.order_by("pk").values_list("pk", "action", "object_type", "object_id")) == before
    )
    # … but nothing it copied about the anonymised person: names, phone, the search text.
    text = repr(list(AuditEntry.objects.values_list("object_repr", "before", "after")))
    personal = ["Тихий", "Тиха", "+380501234567", "+380501234999", "Миру", idle.first_name]
    assert [word for word in personal if word in text] == []
    updated = AuditEntry.objects.get(action="person.updated", object_id=str(idle.pk))
    assert updated.after == {"phone": REDACTED} and updated.before == {"phone": REDACTED}
    assert (
        AuditEntry.objects.for_object(idle)
        .filter(action="person.viewed", object_repr=f"Знеособлено №{idle.pk}")
        .exists()
    )
    listed = AuditEntry.objects.get(action="person.listed", object_repr__startswith="/people/")
    assert listed.object_repr == "/people/"
    assert listed.after == {"ids": [idle.pk]}
    # The widow, who stays, keeps her entries as written.
    assert (
        list(AuditEntry.objects.for_object(kept).values_list("object_repr", "before", "after"))
        == about_kept
    )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)  # real transactions: the declaration ends with one
def test_the_database_lets_only_retention_redact_an_entry(alice):
    from django.db import DatabaseError, transaction

    from suprovid.core.audit import audit_record

    entry = audit_record(actor=alice, action="person.viewed", obj=alice)
    declare = "SELECT set_config('suprovid.audit_redaction', 'on', true)"

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="x")  # not declared
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute(declare)
        AuditEntry.objects.filter(pk=entry.pk).update(actor_repr="someone@else")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute(declare)
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with transaction.atomic():
        connection.cursor().execute(declare)
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="[знеособлено]")
    # The declaration ends with its transaction.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="again")

    entry.refresh_from_db()
    assert (entry.object_repr, entry.actor_repr) == ("[знеособлено]", alice.email)
