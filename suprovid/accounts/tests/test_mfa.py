"""The second factor: enrolment on first login, a code on every login, recovery codes,
the admin site behind it, and who must use it."""

from __future__ import annotations

import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from suprovid.accounts.models import Role
from suprovid.testing import UserFactory

PASSWORD = "correct-horse-battery"
PRODUCTION_ROLES = ["admin", "auditor", "coordinator", "programme_manager"]

pytestmark = pytest.mark.usefixtures("production_mfa")


@pytest.fixture
def production_mfa():
    with override_settings(MFA_REQUIRED_ROLES=PRODUCTION_ROLES):
        yield


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.t0 = device.t0 - offset * device.step  # a later time step for a second login
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


@pytest.fixture
def coordinator(db, tree):
    user = UserFactory(role=Role.COORDINATOR, email="coord@example.test")
    user.set_password(PASSWORD)
    user.save()
    return user


def enrol(client, user) -> list[str]:
    response = sign_in(client, user.email)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa"))
    page = client.get(response["Location"])
    assert "<svg" in page.content.decode()  # the QR code, inline, no outside service
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(reverse("accounts:mfa"), {"token": code_for(device), "next": "/"})
    assert done.status_code == 200
    return re.findall(r"<li>([0-9a-f]{6}-[0-9a-f]{6})</li>", done.content.decode())


def test_a_coordinator_enrols_an_authenticator_on_first_login_and_gets_recovery_codes(
    client, coordinator
):
    codes = enrol(client, coordinator)

    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=coordinator).confirmed
    assert client.get(reverse("people:list")).status_code == 200


def test_a_password_alone_does_not_open_any_page_for_a_coordinator(client, coordinator):
    sign_in(client, coordinator.email)

    response = client.get(reverse("people:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa"))
    assert client.get("/api/v1/persons/").status_code == 403


def test_the_next_login_asks_for_a_code_and_refuses_a_wrong_one(client, coordinator):
    enrol(client, coordinator)
    client.post(reverse("accounts:logout"))
    device = TOTPDevice.objects.get(user=coordinator)

    sign_in(client, coordinator.email)
    wrong = client.post(reverse("accounts:mfa"), {"token": "000000", "next": "/"})
    assert wrong.status_code == 200
    assert client.get(reverse("people:list")).status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    right = client.post(reverse("accounts:mfa"), {"token": code_for(device, 1), "next": "/"})
    assert right.status_code == 302
    assert client.get(reverse("people:list")).status_code == 200


def test_a_recovery_code_signs_in_once(client, coordinator):
    codes = enrol(client, coordinator)
    client.post(reverse("accounts:logout"))

    sign_in(client, coordinator.email)
    assert client.post(reverse("accounts:mfa"), {"token": codes[0]}).status_code == 302
    client.post(reverse("accounts:logout"))

    sign_in(client, coordinator.email)
    assert client.post(reverse("accounts:mfa"), {"token": codes[0]}).status_code == 200


def test_the_admin_site_needs_the_second_factor(client, db, tree):
    admin = UserFactory(
        role=Role.ADMIN, email="root@example.test", is_staff=True, is_superuser=True
    )
    admin.set_password(PASSWORD)
    admin.save()
    sign_in(client, admin.email)

    assert client.get("/admin/").status_code == 302
    enrol(client, admin)
    assert client.get("/admin/").status_code == 200


def test_a_specialist_is_not_asked_unless_the_setting_says_so(client, db, tree):
    user = UserFactory(role=Role.SPECIALIST, email="spec@example.test")
    user.set_password(PASSWORD)
    user.save()

    sign_in(client, user.email)
    assert client.get(reverse("people:list")).status_code == 200
    client.post(reverse("accounts:logout"))

    with override_settings(MFA_REQUIRED_FOR_ALL=True):
        sign_in(client, user.email)
        assert client.get(reverse("people:list")).status_code == 302


def test_a_demo_login_signs_in_with_the_code_demo_totp_prints(client, db, tree):
    from io import StringIO

    from django.core.management import call_command

    from suprovid.accounts import demo

    user = UserFactory(role=Role.AUDITOR, email="auditor@demo.suprovid.test")
    user.set_password(PASSWORD)
    user.save()
    TOTPDevice.objects.create(user=user, name="demo", key=demo.DEMO_TOTP_KEY, confirmed=True)
    out = StringIO()
    call_command("demo_totp", "--email", user.email, stdout=out)

    sign_in(client, user.email)
    response = client.post(reverse("accounts:mfa"), {"token": out.getvalue().strip()})

    assert response.status_code == 302
    assert client.get(reverse("core:audit")).status_code == 200


def _key(user, name="YubiKey"):
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.create(
        user=user,
        name=name,
        credential_id=f"cred-{user.pk}-{name}".encode(),
        public_key=b"\x00",
        confirmed=True,
    )


def test_a_security_key_counts_as_the_second_factor_a_coordinator_must_confirm(client, coordinator):
    _key(coordinator)

    sign_in(client, coordinator.email)
    page = client.get(reverse("accounts:mfa"))

    # Not the enrolment page: the verification page, which offers the key beside the code.
    assert 'id="passkey-verification-button"' in page.content.decode()
    assert "<svg" not in page.content.decode()
    assert client.get(reverse("people:list")).status_code == 302


def test_the_enrolment_page_offers_a_security_key_beside_the_app(client, coordinator):
    sign_in(client, coordinator.email)

    page = client.get(reverse("accounts:mfa")).content.decode()

    assert 'id="passkey-register-button"' in page
    assert 'id="otp_webauthn_config"' in page
    assert "<script>" not in page.replace("<script src", "")  # no inline code (CSP)


def test_a_user_removes_a_lost_key_and_it_is_audited(client, coordinator):
    from suprovid.core.models import AuditEntry

    enrol(client, coordinator)
    key = _key(coordinator)

    page = client.get(reverse("accounts:mfa_keys"))
    assert "YubiKey" in page.content.decode()
    response = client.post(reverse("accounts:mfa_keys"), {"remove": str(key.pk)})

    assert response.status_code == 302
    assert not type(key).objects.filter(pk=key.pk).exists()
    entry = AuditEntry.objects.get(action="mfa.key_removed")
    assert entry.after == {"key": key.pk, "name": "YubiKey"}


def test_nobody_removes_someone_elses_key(client, coordinator, tree):
    other = UserFactory(role=Role.SPECIALIST, email="other@example.test")
    theirs = _key(other)
    enrol(client, coordinator)

    response = client.post(reverse("accounts:mfa_keys"), {"remove": str(theirs.pk)})
    junk = client.post(reverse("accounts:mfa_keys"), {"remove": "١"})

    assert response.status_code == 404
    assert junk.status_code == 302
    assert type(theirs).objects.filter(pk=theirs.pk).exists()


def test_the_keys_page_needs_a_confirmed_session_once_a_factor_exists(client, coordinator):
    _key(coordinator)
    sign_in(client, coordinator.email)

    response = client.get(reverse("accounts:mfa_keys"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa"))


def test_the_key_scripts_speak_ukrainian(client, coordinator):
    enrol(client, coordinator)

    catalogue = client.get(
        reverse("otp_webauthn:js-i18n-catalog"), headers={"accept-language": "uk"}
    ).content.decode()

    assert json.dumps("Ключ додано.")[1:-1] in catalogue
