"""Control characters never enter the database.

A control character in a name (`\\x01`, `\\x0b`) is invisible on screen, breaks XLSX files
(XML forbids it) and has no place in anything a person types. Every text field of every
Django form and DRF serializer strips them at the door (installed by CoreConfig.ready);
tab, newline and carriage return stay, as multi-line texts need them.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls except \t \n \r, DEL, and the C1 block.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control(text: str) -> str:
    """`text` without control characters (tab, newline and carriage return kept)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def _cleaning(original: Any) -> Any:
    def to_value(self: Any, value: Any) -> Any:
        result = original(self, value)
        return strip_control(result) if isinstance(result, str) else result

    to_value.__wrapped__ = original  # type: ignore[attr-defined]
    return to_value


def install() -> None:
    """Wrap the text fields of Django forms and DRF serializers (once)."""
    from django import forms
    from rest_framework import fields

    if not hasattr(forms.CharField.to_python, "__wrapped__"):
        forms.CharField.to_python = _cleaning(forms.CharField.to_python)  # type: ignore[method-assign]
    if not hasattr(fields.CharField.to_internal_value, "__wrapped__"):
        fields.CharField.to_internal_value = _cleaning(  # type: ignore[method-assign]
            fields.CharField.to_internal_value
        )
