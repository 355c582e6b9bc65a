"""Loading the official КАТОТТГ codifier (XLSX) into `Territory`.

The file has one row per unit: five code columns ("Перший рівень" … "Додатковий рівень"),
the category letter and the name. A unit's own code is the right-most filled code column;
its level is that column's position (1–5) and its parent the nearest filled column to its
left that holds another code (Kyiv's districts repeat Kyiv's code in columns 1–4).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from suprovid.core.importing import ErrorList, header_key

from .codes import LATIN_TO_CYRILLIC_CATEGORY, is_valid_code, normalize_code
from .models import Category, Territory
from .names import normalize_place

LEVEL_HEADERS = (
    "Перший рівень",
    "Другий рівень",
    "Третій рівень",
    "Четвертий рівень",
    "Додатковий рівень",
)
CATEGORY_HEADER = "Категорія об’єкта"
NAME_HEADER = "Назва об’єкта"
_EDITION_RE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_CATEGORIES = frozenset(Category.values)
_BATCH = 2000


class TerritoryImportError(Exception):
    """The file cannot be imported; `lines` lists every problem (``row N: column: …``)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class TerritoryImportResult:
    edition: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing_from_file: int = 0
    seconds: float = 0.0
    by_level: dict[int, int] = field(default_factory=dict)


def edition_from_filename(path: str | Path) -> str:
    """`kodifikator-2024-01-19.xlsx` → `2024-01-19`; "" when the name carries no date."""
    match = _EDITION_RE.search(Path(path).name)
    if not match:
        return ""
    try:
        dt.date.fromisoformat(match.group(1))
    except ValueError:
        return ""
    return match.group(1)


def _category(value: Any) -> str | None:
    letter = str(value or "").strip().upper()
    letter = LATIN_TO_CYRILLIC_CATEGORY.get(letter, letter)
    return letter if letter in _CATEGORIES else None


def _read(path: Path) -> tuple[list[tuple[int, str, str | None, int, str, str]], ErrorList]:
    """Parsed rows (row number, code, parent, level, category, name) and their errors."""
    from openpyxl import load_workbook

    errors = ErrorList()
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise TerritoryImportError(
            [_("The workbook cannot be read: %(error)s") % {"error": exc}]
        ) from None
    units: list[tuple[int, str, str | None, int, str, str]] = []
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [header_key(str(v or "")) for v in next(rows, ())]
        wanted = [*LEVEL_HEADERS, CATEGORY_HEADER, NAME_HEADER]
        index: dict[str, int] = {}
        for title in wanted:
            key = header_key(title)
            if key not in header:
                errors.add(1, title, _("the column is missing from the header"))
            else:
                index[title] = header.index(key)
        if errors:
            raise TerritoryImportError(errors.lines)
        level_idx = [index[t] for t in LEVEL_HEADERS]
        cat_idx, name_idx = index[CATEGORY_HEADER], index[NAME_HEADER]
        for number, cells in enumerate(rows, start=2):
            if not any(cells):
                continue
            codes = [
                normalize_code(str(cells[i])) if i < len(cells) and cells[i] else ""
                for i in level_idx
            ]
            filled = [n for n, c in enumerate(codes) if c]
            if not filled:
                errors.add(number, LEVEL_HEADERS[0], _("no code in any level column"))
                continue
            position = filled[-1]
            code = codes[position]
            if not is_valid_code(code):
                errors.add(
                    number,
                    LEVEL_HEADERS[position],
                    _("“%(code)s” is not a КАТОТТГ code (UA and 17 digits)") % {"code": code},
                )
                continue
            parent = next((codes[n] for n in reversed(filled[:-1]) if codes[n] != code), None)
            if parent is not None and not is_valid_code(parent):
                errors.add(
                    number,
                    LEVEL_HEADERS[filled[-2]],
                    _("“%(code)s” is not a КАТОТТГ code (UA and 17 digits)") % {"code": parent},
                )
                continue
            raw_category = cells[cat_idx] if cat_idx < len(cells) else None
            category = _category(raw_category)
            if category is None:
                errors.add(
                    number,
                    CATEGORY_HEADER,
                    _("unknown category “%(value)s” (expected one of О К Р Н М Т С Х В)")
                    % {"value": raw_category or ""},
                )
                continue
            name = " ".join(str(cells[name_idx] or "").split()) if name_idx < len(cells) else ""
            if not name:
                errors.add(number, NAME_HEADER, _("the name is empty"))
                continue
            units.append((number, code, parent, position + 1, category, name))
    finally:
        workbook.close()
    return units, errors


def territories_import(*, path: str | Path, edition: str = "") -> TerritoryImportResult:
    """Create or update every unit of the codifier file at `path`; all or nothing.

    Idempotent: a unit whose parent, level, category, name and edition are unchanged is not
    written. Units missing from the file are kept (records may point to them) and counted.
    Raises `TerritoryImportError` listing every malformed row; then nothing is written.
    """
    started = time.monotonic()
    path = Path(path)
    edition = edition or edition_from_filename(path)
    if not edition:
        raise TerritoryImportError(
            [
                _(
                    "The edition cannot be read from the file name %(name)s; "
                    "give it with --edition YYYY-MM-DD."
                )
                % {"name": path.name}
            ]
        )
    units, errors = _read(path)
    seen: dict[str, int] = {}
    for number, code, *_rest in units:
        if code in seen:
            errors.add(
                number,
                _("code"),
                _("%(code)s already appears on row %(row)s") % {"code": code, "row": seen[code]},
            )
        else:
            seen[code] = number
    existing = {
        row[0]: row[1:]
        for row in Territory.objects.values_list(
            "code", "parent_id", "level", "category", "name", "edition"
        )
    }
    for number, _code, parent, *_rest in units:
        if parent is not None and parent not in seen and parent not in existing:
            errors.add(
                number,
                pgettext("territory unit", "parent"),
                _("the parent %(code)s is neither in the file nor in the database")
                % {"code": parent},
            )
    if errors:
        raise TerritoryImportError(errors.lines)

    result = TerritoryImportResult(edition=edition, rows=len(units))
    to_create: list[Territory] = []
    to_update: list[Territory] = []
    for _number, code, parent, level, category, name in sorted(units, key=lambda u: u[3]):
        result.by_level[level] = result.by_level.get(level, 0) + 1
        unit = Territory(
            code=code,
            parent_id=parent,
            level=level,
            category=category,
            name=name,
            name_norm=normalize_place(name),
            edition=edition,
        )
        old = existing.get(code)
        if old is None:
            to_create.append(unit)
        elif old != (parent, level, category, name, edition):
            to_update.append(unit)
        else:
            result.unchanged += 1
    with transaction.atomic():
        # Level order, so a parent row always exists before its children point to it.
        Territory.objects.bulk_create(to_create, batch_size=_BATCH)
        Territory.objects.bulk_update(
            to_update,
            ["parent", "level", "category", "name", "name_norm", "edition"],
            batch_size=_BATCH,
        )
    result.created, result.updated = len(to_create), len(to_update)
    result.missing_from_file = len(existing.keys() - seen.keys())
    result.seconds = time.monotonic() - started
    return result
