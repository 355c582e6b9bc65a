"""Retention reaches the audit log too: what an entry copied about a person is anonymised.

The log records who read or changed what, and keeps doing so: no entry is deleted and the
actor, time, action code, object type and id, address, scope and correlation id of every
entry stay as written, so the count of entries and "who touched record N when" are the same
after a retention run. What goes is the personal data the entries copied when they were
written: the object's name as shown then (`object_repr`, e.g. a person's full name) and the
values in `before` / `after` (names, РНОКПП, phone, addresses, appeal texts, answers).
Keys stay (the entry still says *which* fields changed) with `REDACTED` for the value;
numbers, flags, empty values and the codes of `KEPT_KEYS` (statuses, topics, outcomes,
dates of the records that reports count) stay as they are. The search text a list entry
recorded with its address (`/people/?q=…`) is cut from the entries that listed an
anonymised person.

On PostgreSQL the table refuses every UPDATE and DELETE (migration core 0002); migration
core 0006 lets through exactly this: an UPDATE of `object_repr`, `before` and `after` only,
inside a transaction that declared it (`set_config('suprovid.audit_redaction', 'on', true)`),
which only `redact_entries` does. Everything else is still refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Q

from suprovid.core.models import AuditEntry

REDACTED = "[знеособлено]"
_CHUNK = 500

# Values kept: codes and the dates of the records themselves (what reports count and what
# the domain tables keep after anonymisation). A birth date is not among them.
KEPT_KEYS = frozenset(
    {
        "code",
        "status",
        "purpose",
        "kind",
        "relation",
        "sex",
        "fate",
        "topic",
        "topic_id",
        "outcome",
        "support_kind",
        "disability_group",
        "health_ground",
        "channel",
        "medium",
        "form",
        "sign",
        "appeal_type",
        "social_status",
        "deadline_rule",
        "source",
        "mode",
        "territory_id",
        "territory",
        "received_on",
        "closed_on",
        "given_on",
        "withdrawn_on",
        "valid_from",
        "valid_until",
        "delivered_on",
        "enrolled_on",
        "completed_on",
        "opened_on",
        "due_on",
        "deadline",
        "format",
        "rule",
        "method",
    }
)


def redact_value(key: str, value: Any) -> Any:
    """`value` as a redacted entry keeps it (see the module docstring)."""
    if value is None or value == "" or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict):
        return {k: redact_value(k, v) for k, v in value.items()}
    if isinstance(value, list):
        if all(isinstance(v, bool | int | float) or v is None for v in value):
            return value
        return [redact_value(key, v) for v in value]
    if key in KEPT_KEYS:
        return value
    return REDACTED


def _redact_json(data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    return {key: redact_value(key, value) for key, value in data.items()}


def _allow_redaction() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('suprovid.audit_redaction', 'on', true)")


def redact_entries(objects: dict[str, set[str]], *, person_ids: Sequence[int]) -> int:
    """Redact the entries about `objects` ({object type: {ids}}) and cut the search text of
    list entries that named one of `person_ids`. Runs inside the caller's transaction
    (retention); returns the number of entries changed."""
    _allow_redaction()
    persons = {str(pk) for pk in person_ids}
    changed = 0
    for object_type, ids in objects.items():
        id_list = sorted(ids)
        for start in range(0, len(id_list), _CHUNK):
            chunk = id_list[start : start + _CHUNK]
            entries = list(
                AuditEntry.objects.filter(object_type=object_type, object_id__in=chunk).only(
                    "pk", "action", "object_type", "object_id", "object_repr", "before", "after"
                )
            )
            for entry in entries:
                if entry.action == "person.listed":  # a list of one: its address, no query
                    entry.object_repr = entry.object_repr.split("?", 1)[0]
                elif object_type == "people.person" and entry.object_id in persons:
                    entry.object_repr = f"Знеособлено №{entry.object_id}"
                elif entry.object_repr:
                    entry.object_repr = REDACTED
                entry.before = _redact_json(entry.before)
                entry.after = _redact_json(entry.after)
            AuditEntry.objects.bulk_update(
                entries, ["object_repr", "before", "after"], batch_size=_CHUNK
            )
            changed += len(entries)
    changed += _cut_list_queries(person_ids)
    return changed


def _entries_listing(person_ids: Sequence[int]) -> Iterable[AuditEntry]:
    wanted = set(person_ids)
    listed = AuditEntry.objects.filter(action="person.listed", object_repr__contains="?")
    if connection.vendor == "postgresql":
        for start in range(0, len(person_ids), _CHUNK):
            q = Q()
            for pk in person_ids[start : start + _CHUNK]:
                q |= Q(after__ids__contains=[pk])
            yield from listed.filter(q).only("pk", "object_repr")
        return
    # SQLite has no JSON containment: read the ids of the list entries that have a query.
    for entry in listed.only("pk", "object_repr", "after").iterator(chunk_size=2000):
        ids = (entry.after or {}).get("ids", [])
        if wanted.intersection(ids):
            yield entry


def _cut_list_queries(person_ids: Sequence[int]) -> int:
    entries = {e.pk: e for e in _entries_listing(person_ids)}.values()
    for entry in entries:
        entry.object_repr = entry.object_repr.split("?", 1)[0]
    AuditEntry.objects.bulk_update(list(entries), ["object_repr"], batch_size=_CHUNK)
    return len(entries)
