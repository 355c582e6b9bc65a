"""Reading import files (contract.md "Import files"), shared by every import command.

The whole API:

- ``read_rows(path, columns, required=...)`` opens a CSV (UTF-8 with or without BOM, or
  Windows-1251; ``,`` or ``;``) or an XLSX (first sheet), maps the header to canonical
  column names and returns the data rows as :class:`Row` (values are stripped strings,
  ``""`` when empty; row numbers are the file's, the header being row 1). A file that
  cannot be read at all raises :class:`ImportFileError`; missing required columns raise
  it too, with one ``row 1: column: message`` line per column.
- :class:`ErrorList` collects ``row N: column: message`` lines while rows are checked
  (the ``row N: column:`` frame stays English whatever the language: scripts parse it).
- ``parse_date`` (``YYYY-MM-DD`` or ``DD.MM.YYYY``), ``parse_int`` and ``parse_email``
  turn a cell into a value or raise ``ValueError`` with a message a person can act on.
- ``run_atomically(apply, dry_run=...)`` runs the writes in one transaction and rolls it
  back for ``--dry-run``, so a dry run goes through exactly the same code.

A command checks every row first, then writes only when the error list is empty (all or
nothing) and exits non-zero otherwise (``raise_if_errors``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import operator
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_APOSTROPHES_RE = re.compile("['’ʼ`‘]")
_HEADER_SPACES_RE = re.compile(r"[\s\-]+")


class ImportFileError(Exception):
    """The file as a whole cannot be used; ``lines`` says why, one message per line."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


@dataclass(frozen=True)
class Row:
    """One data row: its number in the file (header = 1) and its cells by canonical name."""

    number: int
    values: Mapping[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


class ErrorList:
    """Errors found while checking rows, each as ``row N: column: message``."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, row: int, column: str, message: str) -> None:
        # The frame is fixed by contract.md (scripts parse it); only the message is translated.
        self.lines.append(f"row {row}: {column}: {message}")

    def __bool__(self) -> bool:
        return bool(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[str]:
        return iter(self.lines)


def header_key(text: str) -> str:
    """How headers are compared: case, apostrophes, spaces and hyphens do not matter."""
    text = unicodedata.normalize("NFC", str(text or "")).replace("\ufeff", "").strip().lower()
    text = _APOSTROPHES_RE.sub("", text)
    return _HEADER_SPACES_RE.sub("_", text)


def read_rows(
    path: str | Path,
    columns: Mapping[str, Sequence[str]],
    *,
    required: Sequence[str] = (),
) -> list[Row]:
    """The data rows of `path`, with cells keyed by the canonical names of `columns`.

    `columns` maps each canonical name to its accepted aliases (e.g. Ukrainian headers);
    the canonical name itself is always accepted. Unknown columns are ignored; blank rows
    are skipped.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFileError([_("File not found: %(path)s") % {"path": path}])
    raw = path.read_bytes()
    if path.suffix.lower() in XLSX_SUFFIXES or raw[:4] == b"PK\x03\x04":
        table = _xlsx_table(raw)
    else:
        table = _csv_table(raw)
    try:
        header = next(table)
    except StopIteration:
        raise ImportFileError([_("The file is empty.")]) from None
    lookup: dict[str, str] = {}
    for canonical, aliases in columns.items():
        for name in (canonical, *aliases):
            lookup[header_key(name)] = canonical
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        found = lookup.get(header_key(title))
        if found is not None and found not in positions:
            positions[found] = index
    missing = [c for c in required if c not in positions]
    if missing:
        errors = ErrorList()
        for column in missing:
            errors.add(1, column, _("the column is missing from the header"))
        raise ImportFileError(errors.lines)
    rows: list[Row] = []
    names = list(positions)
    width = max(positions.values(), default=-1) + 1
    pick = operator.itemgetter(*positions.values()) if len(positions) > 1 else None
    for number, cells in enumerate(table, start=2):
        if pick is not None and len(cells) >= width:  # a full row: cells picked in C
            values = dict(zip(names, [c.strip() for c in pick(cells)], strict=True))
        else:
            values = {c: (cells[i].strip() if i < len(cells) else "") for c, i in positions.items()}
        if any(values.values()):
            rows.append(Row(number=number, values=values))
    return rows


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Ukrainian Excel saves "CSV" in Windows-1251.
        return raw.decode("cp1251")


def _csv_table(raw: bytes) -> Iterator[list[str]]:
    try:
        text = _decode(raw)
    except UnicodeDecodeError:
        raise ImportFileError(
            [_("The file is neither UTF-8 nor Windows-1251 text, nor an XLSX workbook.")]
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    if "\ufeff" not in text:  # the usual case: no stray BOMs to drop, cell by cell
        yield from reader
        return
    for cells in reader:
        yield [c.replace("\ufeff", "") for c in cells]


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_table(raw: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise ImportFileError(
            [_("The workbook cannot be read: %(error)s") % {"error": exc}]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for cells in sheet.iter_rows(values_only=True):
            yield [_xlsx_cell(v) for v in cells]
    finally:
        workbook.close()


def parse_date(value: str) -> dt.date:
    """``YYYY-MM-DD`` or ``DD.MM.YYYY`` (contract.md), else ValueError."""
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        _("“%(value)s” is not a date; write YYYY-MM-DD or DD.MM.YYYY.") % {"value": value}
    )


# The largest value every supported database stores in an integer column.
INT_MAX = 2_147_483_647


def parse_int(value: str, *, minimum: int = 0, maximum: int = INT_MAX) -> int:
    """A whole number from `minimum` to `maximum`, else ValueError."""
    text = value.strip().replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    number = int(text)
    if number < minimum:
        raise ValueError(
            _("%(value)s is less than %(minimum)s.") % {"value": number, "minimum": minimum}
        )
    if number > maximum:
        raise ValueError(
            _("%(value)s is more than %(maximum)s.") % {"value": number, "maximum": maximum}
        )
    return number


def parse_email(value: str) -> str:
    """A valid e-mail address, lower-cased, else ValueError."""
    email = value.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValueError(
            _("“%(value)s” is not a valid e-mail address.") % {"value": value}
        ) from None
    return email


class _DryRun(Exception):
    pass


def run_atomically[T](apply: Callable[[], T], *, dry_run: bool) -> T:
    """Run `apply` in one transaction; with `dry_run` roll it back and still return its
    result (e.g. counts of what would change)."""
    result: list[T] = []
    try:
        with transaction.atomic():
            result.append(apply())
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result[0]


def raise_if_errors(errors: ErrorList | Sequence[str], write: Callable[[str], Any]) -> None:
    """Write every error line and stop the command with a non-zero exit code."""
    lines = list(errors)
    if not lines:
        return
    for line in lines:
        write(line)
    raise CommandError(_("%(count)s error(s) found; nothing was written.") % {"count": len(lines)})
