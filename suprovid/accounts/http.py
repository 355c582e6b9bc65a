"""The request a signed-in view receives.

`LoginRequiredMiddleware` lets only signed-in users reach a view that is not marked
`login_not_required`, so such a view takes an `AuthenticatedHttpRequest`: its `user` is a
`User` (never `AnonymousUser`), and `user.is_verified()` is django-otp's second-factor check
(`OTPMiddleware` sets it on each request).
"""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User  # type: ignore[assignment]
