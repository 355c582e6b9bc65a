"""Sign-in events in the audit log, and the per-session facts the middleware relies on."""

from __future__ import annotations

import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from knox.models import AuthToken

from suprovid.core.audit import audit_event

from .backends import normalise_email
from .mfa import HAS_DEVICE, has_device
from .middleware import LAST_SEEN


@receiver(user_logged_in)
def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())
        request.session[HAS_DEVICE] = has_device(user)


@receiver(user_logged_out)
def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_event(action="login.logged_out", obj=user, actor=user)


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    email = normalise_email(credentials.get("username") or credentials.get("email"))
    audit_event(
        action="login.failed", object_type="accounts.user", object_repr=email, actor_repr=email
    )


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any, username: str | None = None, **kw: Any) -> None:
    audit_event(
        action="login.locked_out",
        object_type="accounts.user",
        object_repr=username or "",
        actor_repr=username or "",
    )


@receiver(post_save, sender=AuthToken)
def on_token_created(sender: Any, instance: AuthToken, created: bool, **kwargs: Any) -> None:
    if created:
        audit_event(
            action="api_token.created",
            object_type="knox.authtoken",
            object_id=instance.token_key,
            object_repr=str(instance.user),
            after={"user": instance.user_id, "expiry": instance.expiry},
        )


@receiver(post_delete, sender=AuthToken)
def on_token_revoked(sender: Any, instance: AuthToken, **kwargs: Any) -> None:
    audit_event(
        action="api_token.revoked",
        object_type="knox.authtoken",
        object_id=instance.token_key,
        object_repr=str(instance.user_id),
        after={"user": instance.user_id},
    )
