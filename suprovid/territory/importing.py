"""Loading the official КАТОТТГ codifier (CSV or XLSX) into `Territory`, edition by edition.

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

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from suprovid.core.importing import ErrorList, ImportFileError, read_rows

from .codes import LATIN_TO_CYRILLIC_CATEGORY, is_valid_code, normalize_code
from .models import Category, Territory, TerritoryEdition, TerritoryName
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
    abolished: int = 0
    renamed: int = 0
    recategorised: int = 0
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
    """Parsed rows (row number, code, parent, level, category, name) and their errors.

    CSV (UTF-8 with or without BOM, or Windows-1251; `;` or `,`) or XLSX, as the other
    imports (contract.md "Territory files"); the official edition of 2025 is a `;` CSV.
    """
    errors = ErrorList()
    columns: dict[str, list[str]] = {
        title: [] for title in (*LEVEL_HEADERS, CATEGORY_HEADER, NAME_HEADER)
    }
    try:
        rows = read_rows(path, columns, required=list(columns))
    except ImportFileError as exc:
        raise TerritoryImportError(list(exc.lines)) from None
    units: list[tuple[int, str, str | None, int, str, str]] = []
    for row in rows:
        number = row.number
        codes = [normalize_code(row[title]) if row[title] else "" for title in LEVEL_HEADERS]
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
        raw_category = row[CATEGORY_HEADER]
        category = _category(raw_category)
        if category is None:
            errors.add(
                number,
                CATEGORY_HEADER,
                _("unknown category “%(value)s” (expected one of О К Р Н М Т С Х В)")
                % {"value": raw_category or ""},
            )
            continue
        name = " ".join(row[NAME_HEADER].split())
        if not name:
            errors.add(number, NAME_HEADER, _("the name is empty"))
            continue
        units.append((number, code, parent, position + 1, category, name))
    return units, errors


def _update_units(units: list[Territory]) -> None:
    """One prepared UPDATE run for every changed unit (`executemany`).

    `bulk_update` builds CASE expressions per batch, which takes minutes on SQLite for a
    whole edition (every unit's edition changes); a prepared statement takes seconds.
    """
    if not units:
        return
    meta = Territory._meta
    quote = connection.ops.quote_name
    columns = ["parent_id", "level", "category", "name", "name_norm", "edition", "abolished_in"]
    sql = "UPDATE {table} SET {sets} WHERE {pk} = %s".format(  # noqa: S608 - names from the model
        table=quote(meta.db_table),
        sets=", ".join(f"{quote(c)} = %s" for c in columns),
        pk=quote(str(meta.pk.column)),  # type: ignore[union-attr]
    )
    rows = [
        (u.parent_id, u.level, u.category, u.name, u.name_norm, u.edition, u.abolished_in, u.code)
        for u in units
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            cursor.executemany(sql, rows[start : start + _BATCH])


def loaded_edition() -> str:
    """The newest edition imported so far ("" when none)."""
    newest = TerritoryEdition.objects.order_by("-edition").values_list("edition", flat=True).first()
    if newest:
        return str(newest)
    return str(
        Territory.objects.exclude(edition="")
        .order_by("-edition")
        .values_list("edition", flat=True)
        .first()
        or ""
    )


def territories_import(
    *, path: str | Path, edition: str = "", force: bool = False
) -> TerritoryImportResult:
    """Create or update every unit of the codifier file at `path`; all or nothing.

    Idempotent: a unit whose parent, level, category, name and edition are unchanged is not
    written. Editions keep codes while names and categories change, so:
    - an edition older than the newest loaded is refused unless `force` (it would revert
      every renaming since, e.g. Шептицький back to Червоноград);
    - a renamed unit keeps its former name in `TerritoryName` (still searchable);
    - units missing from a newer edition are marked abolished (`abolished_in`), never
      deleted: records may point to them; a unit that reappears is restored.
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
    newest = loaded_edition()
    if newest and edition < newest and not force:
        raise TerritoryImportError(
            [
                _(
                    "The edition %(edition)s is older than the loaded edition %(newest)s: "
                    "importing it would revert the renamings since. Use --force if you "
                    "really mean to load the older edition."
                )
                % {"edition": edition, "newest": newest}
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
        row[0]: row[1:6]
        for row in Territory.objects.values_list(
            "code", "parent_id", "level", "category", "name", "edition", "abolished_in"
        )
    }
    abolished_before = set(
        Territory.objects.exclude(abolished_in="").values_list("code", flat=True)
    )
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
    former: list[TerritoryName] = []
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
        elif old != (parent, level, category, name, edition) or code in abolished_before:
            to_update.append(unit)
            if old[3] != name:
                result.renamed += 1
                former.append(
                    TerritoryName(
                        territory_id=code,
                        name=old[3],
                        name_norm=normalize_place(old[3]),
                        category=old[2],
                        since_edition=old[4],
                        until_edition=edition,
                    )
                )
            if old[2] != category:
                result.recategorised += 1
        else:
            result.unchanged += 1
    missing = sorted(existing.keys() - seen.keys())
    # Only an edition at least as new as every other one can abolish units.
    abolish = missing if not newest or edition >= newest else []
    with transaction.atomic():
        # Level order, so a parent row always exists before its children point to it.
        Territory.objects.bulk_create(to_create, batch_size=_BATCH)
        _update_units(to_update)
        # The current name of a unit is never also listed as its former name.
        current = {u.code: u.name for u in to_update}
        renamed = [f.territory_id for f in former]
        stale = [
            pk
            for chunk in range(0, len(renamed), _BATCH)
            for pk, code, name in TerritoryName.objects.filter(
                territory_id__in=renamed[chunk : chunk + _BATCH]
            ).values_list("pk", "territory_id", "name")
            if current.get(code) == name
        ]
        TerritoryName.objects.filter(pk__in=stale).delete()
        TerritoryName.objects.bulk_create(former, batch_size=_BATCH, ignore_conflicts=True)
        for chunk in range(0, len(abolish), _BATCH):
            Territory.objects.filter(
                code__in=abolish[chunk : chunk + _BATCH], abolished_in=""
            ).update(abolished_in=edition)
        TerritoryEdition.objects.update_or_create(
            edition=edition,
            defaults={"units": len(units), "renamed": result.renamed, "abolished": len(abolish)},
        )
    result.created, result.updated = len(to_create), len(to_update)
    result.missing_from_file = len(missing)
    result.abolished = len(abolish)
    result.seconds = time.monotonic() - started
    return result
