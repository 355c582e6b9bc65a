"""Writing the audit log. Services call `audit_record` inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from . import requestcontext
from .models import AuditEntry

# Never copy these into the log, whatever model they sit on.
_SECRET_FIELDS = frozenset({"password", "key", "search_text", "name_norm"})


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj`, as JSON-ready data for before/after."""
    names = set(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in _SECRET_FIELDS or (names is not None and field.name not in names):
            continue
        data[field.attname] = _plain(getattr(obj, field.attname))
    return data


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, so an edit's entry shows what really changed."""
    keys = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    keys.discard("updated_at")
    keys.discard("version")
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one entry. `action` is a dotted code such as ``person.updated``."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_repr=(user.email if user is not None else "system"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
        ip_address=ip_address or requestcontext.ip_address(),
        correlation_id=requestcontext.correlation_id() or "",
    )


def audit_event(
    *,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    actor: Any = None,
    actor_repr: str = "",
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """An entry for an event with no service of its own (a login, a token revoked, a read
    through the API): the actor and address come from the current request unless given."""
    user = actor if getattr(actor, "is_authenticated", False) else requestcontext.actor()
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        object_repr = object_repr or str(obj)
    return AuditEntry.objects.create(
        actor=user,
        actor_repr=(user.email if user is not None else (actor_repr or "system"))[:254],
        action=action,
        object_type=object_type[:64],
        object_id=object_id[:64],
        object_repr=object_repr[:255],
        after=after,
        ip_address=requestcontext.ip_address(),
        correlation_id=requestcontext.correlation_id() or "",
    )


def audit_diff(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for every field an entry mentions, sorted by field name;
    a field missing on one side is None there (created or removed)."""
    before, after = before or {}, after or {}
    return [(key, before.get(key), after.get(key)) for key in sorted(before.keys() | after.keys())]
