"""CSV and XLSX downloads of any list, safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@` (or a tab / carriage return) would be executed
as a formula by Excel or LibreOffice (CSV injection); such text gets a leading apostrophe.
Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

from .text import strip_control

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralize(value: Any) -> Any:
    """Text that a spreadsheet would execute becomes inert text; other values pass through."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    text = strip_control(str(value))  # XLSX (XML) cannot hold control characters
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """Streamed UTF-8 CSV with BOM (Excel detects the encoding) and `;` (Ukrainian Excel)."""
    writer = csv.writer(_Echo(), delimiter=";")

    def generate() -> Iterable[str]:
        yield "\ufeff"
        yield writer.writerow([neutralize(h) for h in header])
        for row in rows:
            yield writer.writerow([_csv_cell(v) for v in row])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_cell(value: Any) -> Any:
    value = neutralize(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """An XLSX workbook with one sheet per (title, header, rows)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([neutralize(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            cells = []
            for v in row:
                v = neutralize(v)
                if isinstance(v, dt.datetime) and v.tzinfo is not None:
                    v = v.replace(tzinfo=None)
                cells.append(v)
            sheet.append(cells)
        for column in sheet.columns:
            width = max((len(str(c.value or "")) for c in column[:200]), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes([(filename, header, rows)]), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(
    fmt: str, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse | StreamingHttpResponse:
    """`fmt` is "csv" or "xlsx" (anything else is treated as csv)."""
    if fmt == "xlsx":
        return xlsx_response(filename, header, rows)
    return csv_response(filename, header, rows)
