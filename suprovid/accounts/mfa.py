"""Who must use a second factor, and the devices (django-otp) that provide it."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


def has_device(user: Any) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


HAS_DEVICE = "suprovid_mfa_has_device"


def mfa_required(user: Any, session: Any = None) -> bool:
    """Admin, auditor, coordinator and programme manager by default (MFA_REQUIRED_ROLES);
    every role with MFA_REQUIRED_FOR_ALL; and whoever has enrolled a device anyway.

    Whether the user has a device is remembered in the session (set at login and at
    enrolment), so an ordinary page costs no extra query."""
    if not getattr(user, "is_authenticated", False):
        return False
    if settings.MFA_REQUIRED_FOR_ALL:
        return True
    if user.role in settings.MFA_REQUIRED_ROLES:
        return True
    if session is None:
        return has_device(user)
    if HAS_DEVICE not in session:
        session[HAS_DEVICE] = has_device(user)
    return bool(session[HAS_DEVICE])


def needs_verification(user: Any, session: Any = None) -> bool:
    """Signed in with a password but not yet with the second factor it needs."""
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's middleware
    return mfa_required(user, session) and not (callable(is_verified) and is_verified())


def recovery_codes_create(*, user: Any) -> list[str]:
    """Fresh one-time recovery codes (replacing any earlier ones), shown to the user once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [
        f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(settings.MFA_RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def pending_totp_device(*, user: Any) -> TOTPDevice:
    """The not-yet-confirmed authenticator being enrolled (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device
