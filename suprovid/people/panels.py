"""Panels other apps add to the person card.

An app that knows something about a person (appeals and issues, support cases, programme
deliveries) registers a function in its `AppConfig.ready()`:

    register_person_panel(person_panel, order=10)

`person_panel(request, person)` returns `(template name, context)` or None (nothing to show
to this user). Panels render by `order` (appeals 10, cases 20, programmes 30), then in
registration order. The people app imports none of the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import Person

PersonPanel = Callable[["HttpRequest", "Person"], tuple[str, dict[str, Any]] | None]

_PANELS: list[tuple[int, PersonPanel]] = []


def register_person_panel(panel: PersonPanel, *, order: int = 100) -> None:
    if all(p is not panel for _o, p in _PANELS):
        _PANELS.append((order, panel))


def person_panels() -> tuple[PersonPanel, ...]:
    return tuple(p for _o, p in sorted(_PANELS, key=lambda item: item[0]))
