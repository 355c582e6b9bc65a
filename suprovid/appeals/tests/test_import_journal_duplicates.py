"""The journal import attaches rows only on РНОКПП or the exact name plus birth date; names
that the lossy Latin key merges are listed as possible duplicates, never attached."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from suprovid import testing as t
from suprovid.appeals.models import Issue
from suprovid.people.models import Person
from suprovid.people.names import name_key

from .journal_data import journal_rows, write_csv

pytestmark = pytest.mark.django_db
BIRTH = dt.date(1971, 6, 3)


@pytest.fixture(autouse=True)
def english():
    """The report is asserted in English, the source language."""
    with translation.override("en"):
        yield


def _one_row(alice, last_name: str, first_name: str, birth: str) -> dict[str, str]:
    row = journal_rows(1, institution="KR-CSS", email="alice@example.test", territory=t.KR_CITY)[0]
    row.update(last_name=last_name, first_name=first_name, patronymic="Петрович", birth_date=birth)
    row["rnokpp"] = ""
    return row


@pytest.mark.parametrize(
    ("existing", "in_file"),
    [
        (("Згурський", "Іван"), ("Журський", "Іван")),
        (("Козак", "Іван"), ("Кожак", "Іван")),
        (("Коваль", "Ганна"), ("Коваль", "Гана")),
        (("Цап", "Іван"), ("Тсап", "Іван")),
    ],
)
def test_names_merged_by_the_lossy_key_are_not_attached_but_reported(
    alice, kr_centre, tmp_path, existing, in_file
):
    assert name_key(*existing) == name_key(*in_file)  # the collision the key has
    known = Person.objects.create(
        last_name=existing[0], first_name=existing[1], patronymic="Петрович", birth_date=BIRTH
    )
    row = _one_row(alice, in_file[0], in_file[1], BIRTH.isoformat())
    out = StringIO()
    call_command("import_journal", str(write_csv(tmp_path / "j.csv", [row])), stdout=out)

    assert not Issue.objects.filter(person=known).exists()
    created = Person.objects.exclude(pk=known.pk).get()
    assert (created.last_name, created.first_name) == in_file
    assert f"may be the existing person {known.full_name} (ID {known.pk})" in out.getvalue()


def test_the_exact_name_and_birth_date_is_attached(alice, kr_centre, tmp_path):
    known = Person.objects.create(
        last_name="Згурський", first_name="Іван", patronymic="Петрович", birth_date=BIRTH
    )
    row = _one_row(alice, "ЗГУРСЬКИЙ", "іван", BIRTH.strftime("%d.%m.%Y"))
    call_command("import_journal", str(write_csv(tmp_path / "j.csv", [row])), stdout=StringIO())
    assert Issue.objects.filter(person=known).exists()
    assert Person.objects.count() == 1


def test_the_same_name_without_a_birth_date_is_not_attached(alice, kr_centre, tmp_path):
    known = Person.objects.create(last_name="Згурський", first_name="Іван", patronymic="Петрович")
    row = _one_row(alice, "Згурський", "Іван", "")
    out = StringIO()
    call_command("import_journal", str(write_csv(tmp_path / "j.csv", [row])), stdout=out)
    assert not Issue.objects.filter(person=known).exists()
    assert "may be the existing person" in out.getvalue()


def test_an_implausible_rnokpp_in_the_journal_is_an_error(alice, kr_centre, tmp_path):
    row = _one_row(alice, "Згурський", "Іван", "")
    row["rnokpp"] = "0000000000"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_journal",
            str(write_csv(tmp_path / "j.csv", [row])),
            stdout=StringIO(),
            stderr=err,
        )
    assert "rnokpp" in err.getvalue()
    assert not Person.objects.exists()
