"""A coordinator enrols a security key as her second factor, then signs in with it.

Chromium's virtual authenticator (Chrome DevTools Protocol, WebAuthn domain) plays the key:
the page runs django-otp-webauthn's real scripts and ceremonies, under the production
Content-Security-Policy, against the live server at http://localhost:<port> (browsers
accept `localhost`, not 127.0.0.1, as a relying-party ID).
"""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from suprovid.accounts.models import Role
from suprovid.core.models import AuditEntry
from suprovid.testing import UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture
def coordinator(tree):
    user = UserFactory(role=Role.COORDINATOR, email="coord@example.test", territory_id=None)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def security_key(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


@pytest.fixture
def csp_violations(page):
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def sign_in_with_password(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Електронна пошта").fill(email)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Увійти").click()
    page.wait_for_url(re.compile(r".*/accounts/mfa/.*"))


def test_a_coordinator_enrols_a_security_key_and_signs_in_with_it(
    page, live_server, coordinator, security_key, csp_violations
):
    cdp, authenticator = security_key
    with override_settings(
        MFA_REQUIRED_ROLES=["coordinator"],
        OTP_WEBAUTHN_RP_ID="localhost",
        OTP_WEBAUTHN_ALLOWED_ORIGINS=[live_server.url],
    ):
        # First login: the enrolment page offers the key beside the authenticator app.
        sign_in_with_password(page, live_server, coordinator.email)
        page.locator("#passkey-register-button").click()
        expect(page.locator("#recovery-codes li")).to_have_count(10)

        key = WebAuthnCredential.objects.get(user=coordinator)
        assert key.confirmed
        credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
        assert len(credentials["credentials"]) == 1
        assert AuditEntry.objects.filter(action="mfa.key_enrolled", actor=coordinator).exists()

        page.get_by_role("link", name="Продовжити").click()
        page.goto(f"{live_server.url}/people/")
        assert "/accounts/mfa/" not in page.url  # the key counts as the coordinator's factor

        # Next login (a fresh session): a password alone opens nothing, the key does.
        page.context.clear_cookies()
        sign_in_with_password(page, live_server, coordinator.email)
        assert "/accounts/mfa/" in page.url
        page.goto(f"{live_server.url}/people/")
        assert "/accounts/mfa/" in page.url
        page.locator("#passkey-verification-button").click()
        page.wait_for_url(f"{live_server.url}/people/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    confirmed = AuditEntry.objects.get(action="login.second_factor_confirmed", actor=coordinator)
    assert confirmed.after == {"method": "webauthn", "key": key.pk}
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert csp_violations == []
