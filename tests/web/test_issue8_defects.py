"""The bad-input defects of issue #8, each through the page where it was found: a control
character in a name broke the people XLSX and the whole audit-log XLSX (500), and the
unfiltered audit-log XLSX was built in memory with no row limit."""

from __future__ import annotations

import io

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from suprovid import testing as t
from suprovid.core.audit import audit_record
from suprovid.people.models import Person

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[object]]:
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_people_xlsx_with_control_characters_in_a_stored_name_downloads(client, alice):
    # Stored past the door (an old row, a direct import): the export must still open.
    person = t.PersonFactory(first_name="Ан\x0bна")
    Person.objects.filter(pk=person.pk).update(last_name="Коваль\x01")
    client.force_login(alice)

    rows = _rows(client.get("/people/", {"export": "xlsx"}))

    assert any(str(cell).startswith("Коваль") for row in rows[1:] for cell in row)
    assert not any("\x01" in str(cell) or "\x0b" in str(cell) for row in rows for cell in row)


def test_the_whole_audit_log_xlsx_with_a_control_character_downloads(client, admin_user, tree):
    person = t.PersonFactory()
    audit_record(actor=admin_user, action="person.updated", obj=person, after={"notes": "a\x01b"})
    client.force_login(admin_user)

    rows = _rows(client.get("/audit/", {"export": "xlsx"}))

    assert len(rows) >= 2 and not any("\x01" in str(cell) for row in rows for cell in row)


@override_settings(EXPORT_MAX_ROWS=3)
def test_the_unfiltered_audit_log_export_stops_at_the_row_limit_with_a_message(client, admin_user):
    for _ in range(6):
        audit_record(actor=admin_user, action="person.viewed", obj=admin_user)
    client.force_login(admin_user)

    rows = _rows(client.get("/audit/", {"export": "xlsx"}))

    assert len(rows) == 5  # header, 3 rows, the message
    assert "narrow the filters" in str(rows[4][0]) or "фільтр" in str(rows[4][0])
