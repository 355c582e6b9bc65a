"""The journal import leaves per-person and per-appeal audit entries, in bulk, with its actor,
and records the legal ground of health data (Law 2297-VI art. 7)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from suprovid import testing as t
from suprovid.appeals.models import Appeal, Issue
from suprovid.core.models import AuditEntry
from suprovid.people.models import Consent, ConsentPurpose, Person, PersonStatus

from .journal_data import HEADER, journal_rows

pytestmark = pytest.mark.django_db


def write(path, rows):
    header = [*HEADER, "health_ground"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, restval="")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return str(path)


@pytest.fixture
def rows(alice, kr_centre):
    return journal_rows(300, institution="KR-CSS", email="alice@example.test", territory=t.KR_CITY)


def test_every_person_and_appeal_gets_an_entry_with_the_actor_written_in_bulk(
    alice, rows, tmp_path
):
    existing = t.PersonFactory(rnokpp=next(r["rnokpp"] for r in rows if r["rnokpp"]))
    with CaptureQueriesContext(connection) as queries:
        call_command("import_journal", write(tmp_path / "j.csv", rows), "--actor", alice.email)
    created = Person.objects.exclude(pk=existing.pk)
    imported = AuditEntry.objects.filter(action="person.imported")
    assert sorted(int(e.object_id) for e in imported) == sorted(
        created.values_list("pk", flat=True)
    )
    appeals = AuditEntry.objects.filter(action="appeal.imported")
    assert appeals.count() == Appeal.objects.count() > 50
    assert {e.actor for e in [*imported, *appeals]} == {alice}
    assert len({e.correlation_id for e in [*imported, *appeals]}) == 1  # one run, one id
    one = Appeal.objects.order_by("pk").first()
    entry = appeals.get(object_id=str(one.pk))
    assert entry.after is not None
    assert sorted(entry.after["issues"]) == sorted(one.issues.values_list("pk", flat=True))
    assert entry.scope_territory == t.KR_CITY
    # The existing person matched by РНОКПП: their new statuses are named, not re-created.
    if PersonStatus.objects.filter(person=existing).exists():
        assert AuditEntry.objects.filter(
            action="person.status_added", object_id=str(existing.pk), actor=alice
        ).exists()
    inserts = [q for q in queries.captured_queries if 'INSERT INTO "core_auditentry"' in q["sql"]]
    entries = imported.count() + appeals.count()
    assert len(inserts) <= entries // 500 + 2  # bulk, not one per record


def test_without_actor_the_operating_system_user_is_named(rows, tmp_path):
    call_command("import_journal", write(tmp_path / "j.csv", rows[:20]))
    entry = AuditEntry.objects.filter(action="appeal.imported").first()
    assert entry.actor is None and entry.actor_repr.startswith("import_journal (")


def test_an_unknown_actor_is_refused_before_reading(rows, tmp_path):
    with pytest.raises(CommandError, match="--actor"):
        call_command("import_journal", write(tmp_path / "j.csv", rows), "--actor", "x@y.test")
    assert not Appeal.objects.exists()


def test_health_rows_take_the_file_ground_or_a_consent_and_the_rest_are_counted(
    alice, tmp_path, capsys
):
    rows = journal_rows(40, institution="KR-CSS", email="alice@example.test", territory=t.KR_CITY)
    for row in rows:
        row["topic"], row["statuses"] = "medical", ""
    rows[0]["health_ground"] = "legal_claim"
    # A person of their own, on one row: a disability status on the file's ground.
    rows[1].update(
        last_name="Одинак", first_name="Петро", patronymic="", rnokpp="", birth_date="1971-02-03",
        statuses="war_disabled", health_ground="vital_interests",
    )  # fmt: skip
    # A person already registered with a health consent in force.
    consented = next(r for r in rows[2:] if r["rnokpp"] and r["rnokpp"] != rows[0]["rnokpp"])
    person = t.PersonFactory(rnokpp=consented["rnokpp"])
    consent = Consent.objects.create(
        person=person, purpose=ConsentPurpose.HEALTH, given_on=timezone.localdate()
    )
    call_command("import_journal", write(tmp_path / "j.csv", rows))
    assert Issue.objects.order_by("pk").first().health_ground == "legal_claim"  # rows[0]
    assert {i.health_consent for i in Issue.objects.filter(person=person)} == {consent}
    status = PersonStatus.objects.get(code="war_disabled")
    assert (status.person.last_name, status.health_ground) == ("Одинак", "vital_interests")
    unmarked = Issue.objects.filter(health_ground="").count()
    assert unmarked > 0
    out = capsys.readouterr().out  # the command speaks Ukrainian
    assert (
        f"без записаної згоди на обробку даних про здоров'я (ст. 7 Закону 2297-VI): {unmarked}."
        in out
    )


def test_an_unknown_ground_in_the_file_is_an_error_of_its_row(alice, tmp_path, capsys):
    rows = journal_rows(10, institution="KR-CSS", email="alice@example.test", territory=t.KR_CITY)
    rows[3]["health_ground"] = "because"
    with pytest.raises(CommandError):
        call_command("import_journal", write(tmp_path / "j.csv", rows))
    assert "row 5: health_ground:" in capsys.readouterr().err
    assert not Appeal.objects.exists()
