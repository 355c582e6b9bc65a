"""Authentication with a lockout after repeated failures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils import timezone

from .models import User


class LockoutModelBackend(ModelBackend):
    """E-mail and password; after LOGIN_FAILURE_LIMIT failures the account is locked for
    LOGIN_LOCKOUT_MINUTES, even for the right password, so guessing stops paying off."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = (username or kwargs.get("email") or "").strip().lower()
        if not email or password is None:
            return None
        user = User.objects.filter(email=email).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        now = timezone.now()
        if user.locked_until and user.locked_until > now:
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_login_count or user.locked_until:
                User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
            return user
        failures = user.failed_login_count + 1
        locked_until = None
        if failures >= settings.LOGIN_FAILURE_LIMIT:
            locked_until = now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
            failures = 0
        User.objects.filter(pk=user.pk).update(
            failed_login_count=failures, locked_until=locked_until
        )
        return None
