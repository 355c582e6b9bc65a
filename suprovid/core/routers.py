"""Heavy reads on a PostgreSQL streaming replica; every write and read-after-write on the primary.

With `DATABASE_REPLICA_URL` set, the `replica` database serves the reads of report,
dashboard and export requests (GET only): they scan millions of rows and tolerate the
replica's lag of a second or so. Everything else stays on `default`:

- every write, and every read after a write in the same request (a user who has just
  changed something must see it; the replica may not have it yet);
- reads inside a transaction on the primary (they may depend on its uncommitted rows);
- accounts, sessions, permissions, audit log and task queue (a fresh login or lock-out
  must be seen at once; the audit entry of an export is a write, not a reason to move the
  export's own reads).

Without a replica every read goes to `default`, so the router costs nothing on one machine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase

REPLICA = "replica"
# Apps whose rows reports read; anything else is never read from the replica.
REPLICA_APPS = frozenset(
    {"appeals", "people", "network", "cases", "programmes", "reports", "territory"}
)
# Writes to these do not make later reads stale (append-only logs, sessions).
_INERT_WRITES = frozenset({"core", "sessions", "django_tasks_database", "django_tasks_db"})
REPLICA_PATHS = ("/reports/", "/api/v1/reports/")

_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


def has_replica() -> bool:
    return REPLICA in connections.databases


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, reads of report data may go to the replica (until a write)."""
    allowed, wrote = _replica_allowed.set(True), _wrote.set(False)
    try:
        yield
    finally:
        _replica_allowed.reset(allowed)
        _wrote.reset(wrote)


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if (
            _replica_allowed.get()
            and not _wrote.get()
            and model._meta.app_label in REPLICA_APPS
            and has_replica()
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        if model._meta.app_label not in _INERT_WRITES:
            _wrote.set(True)
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        return True  # the replica is a copy of the primary: same rows, same keys

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA


def wants_replica(request: HttpRequest) -> bool:
    """Reports, dashboards and exports, read-only requests only."""
    if request.method not in ("GET", "HEAD"):
        return False
    return request.path.startswith(REPLICA_PATHS) or "export" in request.GET


class ReplicaReadsMiddleware:
    """Opens the replica to the reads of report and export requests.

    A streamed export reads its rows after the view has returned, so the flags are
    cleared only once the last chunk is out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        tokens = (_replica_allowed.set(wants_replica(request)), _wrote.set(False))
        response = self.get_response(request)
        if response.streaming:
            content = response.streaming_content  # type: ignore[attr-defined]
            response.streaming_content = _then_clear(content, tokens)  # type: ignore[attr-defined]
        else:
            _clear(tokens)
        return response


def _clear(tokens: tuple[Any, Any]) -> None:
    for var, token in zip((_replica_allowed, _wrote), tokens, strict=True):
        try:
            var.reset(token)
        except ValueError:  # iterated in another context (ASGI): just close the replica
            var.set(False)


def _then_clear(content: Iterable[Any], tokens: tuple[Any, Any]) -> Iterator[Any]:
    try:
        yield from content
    finally:
        _clear(tokens)
