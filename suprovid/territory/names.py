"""Normalising place names for search: case, apostrophes, Latin look-alike letters."""

from __future__ import annotations

from suprovid.core.cyrillic import normalize_cyrillic


def normalize_place(text: str) -> str:
    return normalize_cyrillic(text)
