from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from suprovid import testing as t
from suprovid.appeals.models import Appeal, Issue, IssueStatus
from suprovid.core.importing import parse_date
from suprovid.people.models import Person, PersonStatus

from .journal_data import journal_rows, rnokpp_for, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(alice, kr_centre):
    return journal_rows(40, institution="KR-CSS", email="alice@example.test", territory=t.KR_CITY)


def counts():
    return (
        Appeal.objects.count(),
        Issue.objects.count(),
        Person.objects.count(),
        PersonStatus.objects.count(),
    )


def test_two_thousand_rows_import_once_and_reimport_changes_nothing(alice, kr_centre, tmp_path):
    rows = journal_rows(2000, institution="KR-CSS", email="alice@example.test", territory=t.KR_CITY)
    path = write_csv(tmp_path / "journal.csv", rows)
    call_command("import_journal", str(path))
    appeals = len({r["appeal_number"] for r in rows})
    assert Issue.objects.count() == 2000
    assert Appeal.objects.count() == appeals
    assert Issue.objects.filter(assignee=alice).count() == 2000
    distinct_people = {
        (r["rnokpp"] or (r["last_name"], r["first_name"], r["patronymic"], r["birth_date"]))
        for r in rows
    }
    assert Person.objects.count() == len(distinct_people)
    assert Person.objects.search(rows[0]["last_name"]).exists()  # search columns filled
    before = counts()
    call_command("import_journal", str(path))
    assert counts() == before


def test_people_are_matched_by_rnokpp_then_by_name_and_birth_date(alice, kr_centre, rows, tmp_path):
    with_tax = next(r for r in rows if r["rnokpp"])
    known = t.PersonFactory(last_name="Інший", first_name="Запис", rnokpp=with_tax["rnokpp"])
    without = next(r for r in rows if not r["rnokpp"])
    named = Person.objects.create(
        last_name=without["last_name"].replace("’", "'"),
        first_name=without["first_name"],
        patronymic=without["patronymic"],
        birth_date=parse_date(without["birth_date"]),
    )
    call_command("import_journal", str(write_csv(tmp_path / "j.csv", rows)))
    assert Issue.objects.filter(person=known).exists()
    assert Issue.objects.filter(person=named).exists()


def test_broken_journal_writes_nothing_and_names_the_row(alice, kr_centre, rows, tmp_path, capsys):
    rows[7]["topic"] = "no_such_topic"
    rows[12]["status"] = "closed"
    rows[12]["outcome"] = ""
    path = write_csv(tmp_path / "broken.csv", rows)
    with pytest.raises(CommandError):
        call_command("import_journal", str(path))
    err = capsys.readouterr().err
    assert "row 9: topic:" in err or "рядок 9: topic:" in err
    assert "row 14: outcome:" in err or "рядок 14: outcome:" in err
    assert counts() == (0, 0, 0, 0)


def test_rows_of_one_appeal_must_agree(alice, kr_centre, rows, tmp_path, capsys):
    number = rows[0]["appeal_number"]
    rows.insert(1, {**rows[0], "received_on": "2023-01-01", "topic": "legal"})
    assert rows[1]["appeal_number"] == number
    with pytest.raises(CommandError):
        call_command("import_journal", str(write_csv(tmp_path / "j.csv", rows)))
    assert "received_on" in capsys.readouterr().err
    assert Appeal.objects.count() == 0


def test_windows_1251_semicolons_and_dry_run(alice, kr_centre, rows, tmp_path):
    for r in rows:
        r["last_name"] = r["last_name"].replace("’", "")  # not encodable in cp1251
    path = write_csv(tmp_path / "j.csv", rows, encoding="cp1251", delimiter=";")
    call_command("import_journal", str(path), "--dry-run")
    assert counts() == (0, 0, 0, 0)
    call_command("import_journal", str(path))
    assert Issue.objects.count() == 40
    assert Person.objects.filter(last_name=rows[0]["last_name"]).exists()


def test_xlsx_journal_keeps_closed_outcomes(alice, kr_centre, rows, tmp_path):
    call_command("import_journal", str(write_xlsx(tmp_path / "j.xlsx", rows)))
    closed = [r for r in rows if r["status"] == "closed"]
    assert Issue.objects.filter(status=IssueStatus.CLOSED).count() == len(closed)
    assert not Issue.objects.filter(status=IssueStatus.CLOSED, closed_on__isnull=True).exists()


@settings(max_examples=30, deadline=None)
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.integers(min_value=0, max_value=9999),
)
def test_generated_rnokpp_is_valid(birth, serial):
    from stdnum.ua import rntrc

    assert rntrc.is_valid(rnokpp_for(birth, serial))
