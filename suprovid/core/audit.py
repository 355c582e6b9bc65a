"""Writing the audit log. Services call `audit_record` inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

from . import requestcontext
from .models import AuditEntry

# Never copy these into the log, whatever model they sit on: secrets, and the columns
# derived for matching and visibility.
_SECRET_FIELDS = frozenset({"password", "key", "search_text", "name_norm", "reach_tokens"})


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


# Relations followed, in order, to find where an object without its own territory or
# institution belongs (a delivery belongs where its person does, a step where its case does).
_SCOPE_VIA = ("person", "issue", "case", "appeal", "direction", "service", "event", "course")


def object_scope(obj: models.Model | None) -> tuple[str, int | None]:
    """(territory code, institution id) an audit entry about `obj` belongs to.

    A model may say it itself with `audit_scope() -> (territory code | None, institution
    id | None)`; otherwise its own `territory_id` / `institution_id`, else those of the
    first related record in `_SCOPE_VIA`. An institution without a territory lends its own.
    """
    territory: str | None = None
    institution: int | None = None
    seen = 0
    while obj is not None and seen < 4:
        seen += 1
        method = getattr(obj, "audit_scope", None)
        if callable(method):
            territory, institution = method()
            break
        territory = getattr(obj, "territory_id", None)
        institution = getattr(obj, "institution_id", None)
        if territory or institution:
            break
        obj = next(
            (
                getattr(obj, via)
                for via in _SCOPE_VIA
                if _has_relation(obj, via) and getattr(obj, f"{via}_id", None)
            ),
            None,
        )
    return _with_territory(territory or "", institution)


# How to find an institution's territory code; the network app registers it in its
# `AppConfig.ready()` (core sits below every app and imports none of them).
_institution_territory: Callable[[int], str | None] | None = None


def register_institution_territory(lookup: Callable[[int], str | None]) -> None:
    global _institution_territory
    _institution_territory = lookup


def _with_territory(territory: str, institution: int | None) -> tuple[str, int | None]:
    # An institution without a territory lends its own, so that territorial readers
    # of the log find the entry too.
    if not territory and institution is not None and _institution_territory is not None:
        territory = _institution_territory(institution) or ""
    return territory, institution


def _has_relation(obj: models.Model, name: str) -> bool:
    try:
        return obj._meta.get_field(name).is_relation
    except Exception:
        return False


def actor_scope(actor: Any) -> tuple[str, int | None]:
    """Where an entry about no record in any territory belongs: where the actor works
    (their institution, and their territory or else their institution's)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "", None
    return _with_territory(actor.territory_id or "", actor.institution_id)


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
    territory, institution = object_scope(obj)
    if not territory and institution is None:
        territory, institution = actor_scope(user)
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
        scope_territory=territory,
        scope_institution=institution,
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
    territory, institution = object_scope(obj) if obj is not None else ("", None)
    if not territory and institution is None:
        territory, institution = actor_scope(user)
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
        scope_territory=territory,
        scope_institution=institution,
    )


def audit_diff(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for every field an entry mentions, sorted by field name;
    a field missing on one side is None there (created or removed)."""
    before, after = before or {}, after or {}
    return [(key, before.get(key), after.get(key)) for key in sorted(before.keys() | after.keys())]


def audit_read(*, action: str, objs: Iterable[models.Model], model: type[models.Model]) -> None:
    """One entry for a read that returned several records (a list, a search, an export page):
    the ids returned are named in the entry, so "who saw this person" finds it too."""
    ids = [obj.pk for obj in objs]
    if not ids:
        return
    request = requestcontext.current()
    where = getattr(getattr(request, "request", None), "get_full_path", lambda: "")()
    audit_event(
        action=action,
        object_type=model._meta.label_lower,
        object_id=",".join(str(i) for i in ids)[:64],
        object_repr=where[:255],
        after={"ids": ids},
    )
