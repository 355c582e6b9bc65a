"""Reading ids from query strings and forms without trusting them."""

from __future__ import annotations

from typing import Any


def id_param(value: Any) -> int:
    """A positive integer id, or 0 (which matches nothing, so a lookup gives a 404).

    `pk="x"` would make the ORM raise ValueError, a 500 for what is only bad input.
    """
    text = str(value or "").strip()
    # `isdigit()` alone accepts "²" and other digits `int()` refuses.
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else 0
