"""Second factor for the demo logins (synthetic demo only).

Every demo account gets an authenticator with one published key, so the demo shows the
real two-step sign-in: add the key to any authenticator app, or print the current code with
`manage.py demo_totp`. The key is public; the command refuses any other key, so it cannot
reveal a real user's code.
"""

from __future__ import annotations

import base64

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# 20 bytes, hex, as django-otp stores it; base32 for authenticator apps below.
DEMO_TOTP_KEY = "53757072f76964656d6f2d746f74702d6b65792d"
DEMO_TOTP_SECRET = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def demo_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def give_second_factor(emails: list[str]) -> None:
    """A confirmed demo authenticator (`DEMO_TOTP_KEY`) for each demo login (`seed_demo`)."""
    from suprovid.accounts.models import User

    TOTPDevice.objects.bulk_create(
        [
            TOTPDevice(user=user, name="demo authenticator", key=DEMO_TOTP_KEY, confirmed=True)
            for user in User.objects.filter(email__in=emails)
        ]
    )
