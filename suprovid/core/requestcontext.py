"""What the current request is, for code that has no request at hand (model signals, the
audit writer): who acts, from which address, and the correlation id grouping its entries."""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RequestContext:
    correlation_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    user: Any = None
    ip_address: str | None = None
    # A request's user is read when needed: DRF authenticates a token after the middleware
    # ran, and then sets `request.user` on the Django request too.
    request: Any = None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "suprovid_request_context", default=None
)


def current() -> RequestContext | None:
    return _current.get()


def begin(**kwargs: Any) -> contextvars.Token[RequestContext | None]:
    """Start a context (a request, a command run); `end(token)` restores the previous one."""
    return _current.set(RequestContext(**kwargs))


def end(token: contextvars.Token[RequestContext | None]) -> None:
    _current.reset(token)


def correlation_id() -> str | None:
    ctx = _current.get()
    return ctx.correlation_id if ctx is not None else None


def actor() -> Any:
    ctx = _current.get()
    if ctx is None:
        return None
    user = getattr(ctx.request, "user", None) if ctx.request is not None else ctx.user
    return user if getattr(user, "is_authenticated", False) else None


def ip_address() -> str | None:
    ctx = _current.get()
    return ctx.ip_address if ctx is not None else None
