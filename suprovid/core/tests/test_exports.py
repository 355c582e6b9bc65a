"""Exports stream, survive any stored text, keep formulas inert and stop at the row limit."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from suprovid.core.exports import csv_stream, export_response, xlsx_bytes, xlsx_stream

HEADER = ["Name", "Born", "Count"]


def workbook_rows(data: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def streamed(response) -> bytes:  # type: ignore[no-untyped-def]
    return bytes(response.getvalue())


def test_xlsx_opens_with_control_characters_and_keeps_formulas_inert() -> None:
    data = xlsx_bytes(
        [
            (
                "people",
                HEADER,
                [["Ко\x01валь\x1f", dt.date(1980, 5, 1), 3], ["=HYPERLINK(1)", None, 2.5]],
            )
        ]
    )

    rows = workbook_rows(data)

    assert rows[0] == HEADER
    assert rows[1][0] == "Коваль"
    assert rows[1][1] == dt.datetime(1980, 5, 1)
    assert rows[1][2] == 3
    assert rows[2][0] == "'=HYPERLINK(1)"
    assert rows[2][2] == 2.5


def test_xlsx_with_several_sheets_keeps_their_titles() -> None:
    data = xlsx_bytes([("A: first", ["x"], [[1]]), ("About", ["Field"], [["v"]])])

    book = load_workbook(io.BytesIO(data))

    assert book.sheetnames == ["A  first", "About"]
    assert book["About"]["A2"].value == "v"


def endless() -> Iterator[list[object]]:
    n = 0
    while True:
        n += 1
        yield [f"Person {n}", dt.date(1990, 1, 1), n]


def test_xlsx_and_csv_send_their_first_bytes_before_reading_all_rows() -> None:
    # An endless list: if an export needed every row first, next() would never return.
    assert next(xlsx_stream([("x", HEADER, endless())])).startswith(b"PK")
    chunks = csv_stream(HEADER, endless())
    assert next(chunks) == "\ufeff"
    assert next(chunks).startswith("Name;Born")


@override_settings(EXPORT_MAX_ROWS=3)
def test_export_stops_at_the_row_limit_with_a_message() -> None:
    text = "".join(csv_stream(HEADER, endless()))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert [r[0] for r in rows[1:4]] == ["Person 1", "Person 2", "Person 3"]
    assert "3 rows" in rows[4][0]
    assert len(rows) == 5

    sheet = workbook_rows(streamed(export_response("xlsx", "big", HEADER, endless())))
    assert len(sheet) == 5
    assert "narrow the filters" in str(sheet[4][0])


def test_csv_neutralises_control_characters_and_formulas() -> None:
    text = "".join(csv_stream(HEADER, [["@SUM(A1)\x01", dt.date(2025, 1, 2), 1]]))

    assert "'@SUM(A1);2025-01-02;1" in text


@pytest.mark.django_db
def test_worklist_xlsx_export_with_a_control_character_in_a_name_downloads(
    client, alice, kr_centre
) -> None:  # type: ignore[no-untyped-def]
    from suprovid.testing import PersonFactory, make_issue

    make_issue(
        person=PersonFactory(last_name="Шев\x01ченко"), institution=kr_centre, assignee=alice
    )
    client.force_login(alice)

    response = client.get("/appeals/", {"export": "xlsx"})

    assert response.status_code == 200
    names = [r[4] for r in workbook_rows(streamed(response))[1:]]
    assert names and names[0].startswith("Шевченко")
