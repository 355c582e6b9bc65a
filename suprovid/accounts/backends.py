"""Signing in with an e-mail address and a password.

Brute-force protection is django-axes' job (`axes.backends.AxesStandaloneBackend` runs first);
this backend only matches the e-mail case-insensitively.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .models import User


def normalise_email(value: str | None) -> str:
    return (value or "").strip().lower()


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The e-mail django-axes counts failures for: the same spelling as the lookup below, so
    `Alice@x` and `alice@x` share one counter."""
    credentials = credentials or {}
    raw = credentials.get("username") or credentials.get("email")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    return normalise_email(raw)


class EmailBackend(ModelBackend):
    """E-mail and password. An unknown e-mail costs the same password hashing as a known one
    (Django's ModelBackend does it), so the answer time does not reveal who has an account."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = normalise_email(username or kwargs.get("email"))
        if not email or password is None:
            return None
        user = User.objects.filter(email=email).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
