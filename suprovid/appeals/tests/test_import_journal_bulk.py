"""A large journal goes in through the bulk writer (`suprovid.core.bulk`: reserved ids,
COPY on PostgreSQL) with the same all-or-nothing behaviour, the same records and the same
audit entries as one written row by row would have."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from suprovid import testing as t
from suprovid.appeals import deadlines
from suprovid.appeals.models import CHANNEL_MEDIUM, Appeal, AppealCounter, Issue, Medium
from suprovid.appeals.services import applicant_profile, registration_index
from suprovid.core.models import AuditEntry
from suprovid.people.models import Person, PersonReach, PersonStatus
from suprovid.people.reach import reach_drift

from .journal_data import journal_rows, write_csv

pytestmark = pytest.mark.django_db
EMAIL = "alice@example.test"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def rows(alice, kr_centre):
    return journal_rows(3000, institution="KR-CSS", email=EMAIL, territory=t.KR_CITY, seed=7)


def written():
    return (
        Appeal.objects.count(),
        Issue.objects.count(),
        Person.objects.count(),
        PersonStatus.objects.count(),
        AuditEntry.objects.count(),
        AppealCounter.objects.count(),
        PersonReach.objects.count(),
    )


def test_a_bad_row_near_the_end_of_a_large_journal_writes_nothing(rows, tmp_path):
    rows[2990]["closed_on"] = "31.02.2024"
    rows[2995]["rnokpp"] = "1234567890"
    before = written()
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "import_journal",
            str(write_csv(tmp_path / "j.csv", rows)),
            stdout=StringIO(),
            stderr=err,
        )
    lines = err.getvalue().splitlines()
    assert (
        "row 2992: closed_on: “31.02.2024” is not a date; write YYYY-MM-DD or DD.MM.YYYY." in lines
    )
    assert "row 2997: rnokpp: “1234567890” is not a valid РНОКПП" in lines
    assert len(lines) == 2
    assert written() == before


def test_the_same_bad_value_on_many_rows_is_reported_on_each(rows, tmp_path):
    """Values are parsed once per distinct text: the error must still name every row."""
    for row in rows[100:103]:
        row["received_on"] = "2024-13-01"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_journal",
            str(write_csv(tmp_path / "j.csv", rows)),
            stdout=StringIO(),
            stderr=err,
        )
    lines = err.getvalue().splitlines()
    for number in (102, 103, 104):
        assert (
            f"row {number}: received_on: “2024-13-01” is not a date; write YYYY-MM-DD or "
            "DD.MM.YYYY."
        ) in lines
    assert not Appeal.objects.exists()


def test_a_dry_run_of_a_large_journal_counts_what_the_import_writes(rows, tmp_path):
    path = str(write_csv(tmp_path / "j.csv", rows))
    dry = StringIO()
    call_command("import_journal", path, "--dry-run", stdout=dry)
    assert written()[:5] == (0, 0, 0, 0, 0)
    real = StringIO()
    call_command("import_journal", path, stdout=real)
    counts = real.getvalue().splitlines()[0].split("(")[0]
    assert dry.getvalue().splitlines()[0].startswith("Dry run, nothing written: " + counts)
    assert Issue.objects.count() == 3000


def test_imported_rows_hold_what_the_services_would_have_written(rows, tmp_path):
    call_command("import_journal", str(write_csv(tmp_path / "j.csv", rows)), stdout=StringIO())
    appeals = {a.number: a for a in Appeal.objects.select_related("applicant")}
    assert len(appeals) == len({r["appeal_number"] for r in rows})
    for row in rows[::97]:
        appeal = appeals[row["appeal_number"]]
        assert appeal.received_on == dt.date.fromisoformat(row["received_on"])
        assert appeal.medium == CHANNEL_MEDIUM.get(row["channel"], Medium.LETTER)
        assert appeal.territory_id == t.KR_CITY
        assert appeal.registration_index == registration_index(
            applicant=appeal.applicant, form=appeal.form, sequence=appeal.sequence
        )
        held = set(appeal.applicant.statuses.values_list("code", flat=True))
        assert appeal.author_category == applicant_profile(held).author_category
        assert appeal.created_at is not None and appeal.form == "individual"
    # Registration numbers: 1..n per institution and year, in order of receipt.
    for year in {a.year for a in appeals.values()}:
        ordered = Appeal.objects.filter(year=year).order_by("received_on", "sequence")
        sequences = list(ordered.values_list("sequence", flat=True))
        assert sequences == list(range(1, len(sequences) + 1))
    issues = Issue.objects.select_related("appeal")
    assert issues.count() == 3000
    sample = list(Issue.objects.order_by("pk").values_list("pk", flat=True))[::150]
    for issue in issues.filter(pk__in=sample):
        assert issue.due_on == deadlines.due_date(issue.received_on)
        assert issue.received_on == issue.appeal.received_on
        assert issue.topic_group == issue.topic_id.split(".")[0]
        assert (issue.version, issue.deadline_rule, issue.institution_id) == (
            1,
            "standard",
            issue.appeal.institution_id,
        )
        assert issue.created_at is not None and issue.updated_at is not None
    person = Person.objects.filter(rnokpp__gt="").first()
    assert person is not None and person.name_key and person.version == 1
    assert Person.objects.search(person.last_name).filter(pk=person.pk).exists()
    assert reach_drift() == ([], [])


def test_records_created_after_an_import_get_fresh_ids(rows, tmp_path):
    call_command(
        "import_journal", str(write_csv(tmp_path / "j.csv", rows[:300])), stdout=StringIO()
    )
    last_person = Person.objects.order_by("-pk").values_list("pk", flat=True)[0]
    last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True)[0]
    person = t.PersonFactory()
    assert person.pk > last_person
    entry = AuditEntry.objects.create(action="person.viewed", object_type="people.person")
    assert entry.pk > last_entry
    # and a second file continues the numbering of the first
    more = journal_rows(200, institution="KR-CSS", email=EMAIL, territory=t.KR_CITY, seed=8)
    for row in more:
        row["appeal_number"] = row["appeal_number"].replace("/J/", "/J2/")
    call_command("import_journal", str(write_csv(tmp_path / "k.csv", more)), stdout=StringIO())
    assert Issue.objects.count() == 500


def test_possible_duplicates_are_still_listed_in_a_large_import(rows, tmp_path):
    without = next(r for r in rows if not r["rnokpp"])
    namesake = Person.objects.create(
        last_name=without["last_name"],
        first_name=without["first_name"],
        patronymic=without["patronymic"],
        birth_date=dt.date(1950, 1, 1),
    )
    out = StringIO()
    call_command("import_journal", str(write_csv(tmp_path / "j.csv", rows)), stdout=out)
    assert f"may be the existing person {namesake.full_name} (ID {namesake.pk})" in out.getvalue()
    assert not Issue.objects.filter(person=namesake).exists()


def test_every_record_of_a_large_import_has_its_audit_entry(alice, rows, tmp_path):
    existing = t.PersonFactory(rnokpp=next(r["rnokpp"] for r in rows if r["rnokpp"]))
    call_command(
        "import_journal",
        str(write_csv(tmp_path / "j.csv", rows)),
        "--actor",
        alice.email,
        stdout=StringIO(),
    )
    imported = AuditEntry.objects.filter(action="person.imported")
    assert {int(e.object_id) for e in imported} == set(
        Person.objects.exclude(pk=existing.pk).values_list("pk", flat=True)
    )
    entry = imported.first()
    assert entry is not None and entry.after is not None
    person = Person.objects.get(pk=entry.object_id)
    assert entry.object_repr == person.full_name
    assert entry.after["last_name"] == person.last_name and "name_key" not in entry.after
    assert set(entry.after["statuses"]) == set(person.statuses.values_list("code", flat=True))
    assert entry.at is not None and entry.before is None and entry.correlation_id
    appeal_entries = {
        e.object_id: e.after for e in AuditEntry.objects.filter(action="appeal.imported")
    }
    assert len(appeal_entries) == Appeal.objects.count()
    for appeal in Appeal.objects.order_by("pk")[::50]:
        after = appeal_entries[str(appeal.pk)]
        assert after is not None
        assert after["number"] == appeal.number
        assert after["applicant"] == appeal.applicant_id
        assert sorted(after["issues"]) == sorted(appeal.issues.values_list("pk", flat=True))
    if PersonStatus.objects.filter(person=existing).exists():
        assert AuditEntry.objects.filter(
            action="person.status_added", object_id=str(existing.pk), actor=alice
        ).exists()
