"""Linking an appeal to a support case.

Support cases sit above appeals (a case lists its appeals and is built on appeals' topics),
so appeals do not import the cases app. The appeal's `case` is a foreign key to
`cases.SupportCase` by name, and what registration asks of cases — the open cases a user may
link, or those of one applicant — comes from the cases app through `register_open_cases`
(in its `AppConfig.ready()`). Without the cases app there are none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet

# open_cases(user, person | None) → the open support cases the user may see (of that person).
OpenCases = Callable[[Any, Any], QuerySet[Any]]

_open_cases: OpenCases | None = None


def register_open_cases(provider: OpenCases) -> None:
    global _open_cases
    _open_cases = provider


def case_model() -> type[Model]:
    from .models import Appeal

    model: type[Model] = Appeal._meta.get_field("case").related_model  # type: ignore[assignment]
    return model


def open_cases(user: Any, person: Any = None) -> QuerySet[Any]:
    if _open_cases is None:
        return case_model()._default_manager.none()
    return _open_cases(user, person)
