"""КАТОТТГ codes: `UA` + 17 digits.

The digits are the levels' numbers (2 oblast, 2 raion, 3 hromada, 3 settlement, 2 city
district) followed by 5 digits that only make the code unique. A unit's descendants share
its code up to its own level, so a subtree is a range of codes: no tree walk needed.
"""

from __future__ import annotations

import re

from django.db.models import Q

CODE_RE = re.compile(r"^UA\d{17}$")
_GROUPS = (2, 2, 3, 3, 2)

# The official file writes the category letters with Latin look-alikes; accept both.
LATIN_TO_CYRILLIC_CATEGORY = {
    "O": "О",
    "K": "К",
    "P": "Р",
    "H": "Н",
    "M": "М",
    "T": "Т",
    "C": "С",
    "X": "Х",
    "B": "В",
}


def normalize_code(value: str) -> str:
    """Upper-case, trimmed; Cyrillic `УА` typed by mistake becomes `UA`."""
    code = value.strip().upper().replace("У", "U").replace("А", "A")
    return code


def is_valid_code(value: str) -> bool:
    return bool(CODE_RE.match(value))


def code_level(code: str) -> int:
    """1 for an oblast (or a special-status city) … 5 for a city district."""
    digits = code[2:14]
    level, pos = 0, 0
    for number, width in enumerate(_GROUPS, start=1):
        if int(digits[pos : pos + width]):
            level = number
        pos += width
    return max(level, 1)


def territory_prefix(code: str) -> str:
    """The part of `code` that all its descendants share, e.g. `UA1206017` for a hromada."""
    width = sum(_GROUPS[: code_level(code)])
    return code[: 2 + width]


def subtree_q(field: str, code: str) -> Q:
    """Rows whose `field` (a territory code or FK to Territory) lies in `code`'s subtree.

    A range rather than LIKE: it uses a plain B-tree index on both SQLite and PostgreSQL.
    ':' sorts right after '9', so it bounds every code that starts with the prefix.
    """
    return prefix_q(field, territory_prefix(code))


def prefix_q(field: str, prefix: str) -> Q:
    """Rows whose territory code in `field` starts with `prefix` (see `subtree_q`)."""
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + ":"})
