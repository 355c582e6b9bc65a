"""Background work of the people app (django.tasks)."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from .lifecycle import apply_retention


@task()
def apply_retention_rules() -> dict[str, Any]:
    """Scheduled (e.g. weekly): anonymise what is past its retention period
    (privacy/lifecycle.py); returns what was done."""
    return apply_retention().summary()
