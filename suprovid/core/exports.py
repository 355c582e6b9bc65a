"""CSV and XLSX downloads of any list, safe to open in a spreadsheet, streamed.

A cell that starts with `=`, `+`, `-`, `@` (or a tab / carriage return) would be executed
as a formula by Excel or LibreOffice (CSV injection); such text gets a leading apostrophe.
Control characters (a stored `\\x01`, say) are not allowed in the XML of an XLSX file and
would break the download; they are dropped in both formats. Numbers and dates stay
numbers and dates.

Both formats stream with bounded memory: the rows are consumed one at a time and each
chunk is sent as soon as it is written, so the first byte leaves at once and a national
work list does not grow a worker by hundreds of megabytes. XLSX is written here as a
streamed ZIP of the five parts a workbook needs (inline strings, no shared-string table):
openpyxl's write-only mode bounds memory too, but it only produces the file once the last
row is in, so the first byte of a 100,000-row export would wait ~15 s (issue #13). An
export stops after `EXPORT_MAX_ROWS` rows with a last row saying so.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from .text import strip_control

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_MAX_ROWS = 100_000


def max_rows() -> int:
    return int(getattr(settings, "EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


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


def _limited(rows: Iterable[Sequence[Any]], width: int) -> Iterator[Sequence[Any]]:
    """The rows, cut at the row limit with a last row that says the file is incomplete."""
    limit = max_rows()
    for n, row in enumerate(rows):
        if n >= limit:
            message = _(
                "The export stops at %(limit)s rows: narrow the filters to get the rest."
            ) % {"limit": f"{limit:,}".replace(",", "\u00a0")}
            yield [message] + [""] * (width - 1)
            return
        yield row


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """UTF-8 CSV with BOM (Excel detects the encoding) and `;` (Ukrainian Excel)."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    yield writer.writerow([neutralize(h) for h in header])
    for row in _limited(rows, len(header)):
        yield writer.writerow([_csv_cell(v) for v in row])


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_stream(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_cell(value: Any) -> Any:
    value = neutralize(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# ------------------------------------------------------------------------------ XLSX

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<sheets>{sheets}</sheets></workbook>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '{sheets}<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'
)
# Style 1: bold (the header); 2: a date (built-in format 14); 3: date and time (22).
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1">'
    '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_EPOCH = dt.datetime(1899, 12, 30)


def _column(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: Any, bold: bool = False) -> str:
    value = neutralize(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        serial = (value - _EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="3"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="2"><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"><v>{value}</v></c>'
    style = ' s="1"' if bold else ""
    text = escape(value)
    return f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{min(max(len(str(h)) + 2, 12), 60)}" customWidth="1"/>'
        for i, h in enumerate(header, start=1)
    )
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        + (f"<cols>{widths}</cols>" if widths else "")
        + "<sheetData>"
    )
    letters = [_column(i) for i in range(1, max(len(header), 1) + 1)]
    yield (
        '<row r="1">'
        + "".join(_cell(f"{letters[i]}1", h, bold=True) for i, h in enumerate(header))
        + "</row>"
    )
    for r, row in enumerate(_limited(rows, len(header)), start=2):
        while len(letters) < len(row):
            letters.append(_column(len(letters) + 1))
        yield (
            f'<row r="{r}">'
            + "".join(_cell(f"{letters[i]}{r}", v) for i, v in enumerate(row))
            + "</row>"
        )
    yield "</sheetData></worksheet>"


class _Chunks:
    """A write-only, unseekable file: zipfile writes into it, the generator takes it out."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.position = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def xlsx_stream(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    chunk_size: int = 64 * 1024,
) -> Iterator[bytes]:
    """An XLSX workbook with one sheet per (title, header, rows), as a stream of bytes."""
    out = _Chunks()
    titles = [re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet" for title, _h, _r in sheets]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[call-overload]
        archive.writestr(
            "[Content_Types].xml",
            _CONTENT_TYPES.format(
                sheets="".join(_SHEET_TYPE.format(n=n) for n in range(1, len(sheets) + 1))
            ),
        )
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr(
            "xl/workbook.xml",
            _WORKBOOK.format(
                sheets="".join(
                    f'<sheet name="{escape(t, {chr(34): "&quot;"})}" sheetId="{n}" r:id="rId{n}"/>'
                    for n, t in enumerate(titles, start=1)
                )
            ),
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            _WORKBOOK_RELS.format(
                sheets="".join(
                    f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/worksheet" '
                    f'Target="worksheets/sheet{n}.xml"/>'
                    for n in range(1, len(sheets) + 1)
                )
            ),
        )
        archive.writestr("xl/styles.xml", _STYLES)
        yield out.take()
        for n, (_title, header, rows) in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as part:
                for piece in _sheet_xml(header, rows):
                    part.write(piece.encode())
                    if out.size >= chunk_size:
                        yield out.take()
            yield out.take()
    yield out.take()


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A whole (small) workbook in memory, e.g. a report's several sheets."""
    return b"".join(xlsx_stream(sheets))


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (chunk for chunk in xlsx_stream([(filename, header, rows)]) if chunk),
        content_type=XLSX_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(
    fmt: str, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """`fmt` is "csv" or "xlsx" (anything else is treated as csv).

    Pass rows from `queryset.iterator(chunk_size=…)` so the database rows stream too.
    """
    if fmt == "xlsx":
        return xlsx_response(filename, header, rows)
    return csv_response(filename, header, rows)
