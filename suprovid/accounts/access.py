"""Fetch-and-authorise in one step (Zulip's `access_*` style), shared by every app.

`access(user, queryset, pk, view=…, act=…)` fetches `pk` through the already scoped
`queryset` (`Model.objects.visible_to(user)`) and checks the capability matrix:

- the role may not even look at this kind of record (`view`), or the record is outside
  the user's scope: `Http404` — the user must not learn that it exists;
- the role may look but not do `act`: `PermissionDenied` (403).

Each app wraps it per entity (`people.access.access_person`, `appeals.access.access_issue`,
…); web views, API `get_object()`, panels and exports call those.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

from .capabilities import user_can


def access[M: models.Model](
    user: Any,
    queryset: models.QuerySet[M],
    pk: Any,
    *,
    view: str,
    act: str | None = None,
) -> M:
    """The object `pk` of `queryset` if `user` may see it (404) and do `act` on it (403)."""
    if not user_can(user, view):
        raise Http404
    try:
        obj = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if act is not None and not user_can(user, act):
        raise PermissionDenied
    return obj


def still_visible(user: Any, queryset: models.QuerySet[Any], pk: Any) -> bool:
    """After a write: is the record still inside the actor's scope? (An edit may move a
    person out of the actor's territory; the view then says so instead of sending the
    user to a 404.)"""
    return queryset.filter(pk=pk).exists()
