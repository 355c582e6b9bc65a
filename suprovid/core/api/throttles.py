"""DRF throttles that read their rates when they run, so settings overrides (and tests)
take effect; DRF's own classes copy the rates once at import."""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings


class _LiveRates:
    scope: str | None

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return str(rate) if rate is not None else None


class AnonThrottle(_LiveRates, throttling.AnonRateThrottle):
    pass


class UserThrottle(_LiveRates, throttling.UserRateThrottle):
    pass


class ScopedThrottle(_LiveRates, throttling.ScopedRateThrottle):
    """Views name a tight scope with `throttle_scope` (person search, exports)."""
