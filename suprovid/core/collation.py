"""Ukrainian alphabetical order for names and places, on both database engines.

Code-point order puts І, Ї, Є and Ґ after Я (they sit outside the Russian block of
Unicode), so "Іваненко" sorted before "Антонюк" and "Ємільчинська" after "Бердичівська"
only by accident of the engine. Ukrainian readers expect А Б В Г Ґ Д Е Є Ж З И І Ї Й К …

- PostgreSQL: the ICU collation `uk-x-icu` (built into PostgreSQL with ICU support).
- SQLite: a collation of the same name registered on every connection
  (`register_sqlite_collation`, connected in `PeopleConfig.ready`), so one expression,
  `uk("last_name")`, orders correctly on both.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import F
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate

UK_COLLATION = "uk-x-icu"

# ICU's root Cyrillic order with the Ukrainian letters in their places (ґ after г,
# є after е, і ї after и); Russian-only letters where ICU puts them.
_ALPHABET = "абвгґдеёєжзиіїйклмнопрстуўфхцчшщъыьэюя"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_APOSTROPHES = frozenset("'’ʼ`‘′ʹ\u02bb")


def _primary(char: str) -> tuple[int, int]:
    if char in _RANK:
        return (3, _RANK[char])
    if char.isdigit():
        return (1, int(char) if char.isascii() else ord(char))
    if "a" <= char <= "z":
        return (4, ord(char))
    if char.isspace() or char in "-–—.,()":
        return (0, 0)
    return (5, ord(char))


def sort_key(text: str) -> tuple[Any, ...]:
    """A key giving Ukrainian alphabetical order: case and apostrophes ignored first,
    then lower case before upper case, as ICU does."""
    text = unicodedata.normalize("NFC", text or "")
    letters = [c for c in text if c not in _APOSTROPHES]
    primary = tuple(_primary(c) for c in (c.lower() for c in letters))
    tertiary = tuple(c.isupper() for c in letters)
    return (primary, tertiary, text)


def compare(left: str | None, right: str | None) -> int:
    """The SQLite collation function: negative, zero or positive."""
    a, b = sort_key(left or ""), sort_key(right or "")
    return (a > b) - (a < b)


def register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: teach SQLite the `uk-x-icu` collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(UK_COLLATION, compare)


def uk(expression: str | Combinable) -> Collate:
    """`expression` ordered in Ukrainian alphabetical order (use in `order_by`)."""
    return Collate(F(expression) if isinstance(expression, str) else expression, UK_COLLATION)
