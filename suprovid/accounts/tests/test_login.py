"""Login with lockout after repeated failures; the admin site hashes passwords."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from suprovid.accounts.models import User

PASSWORD = "correct-horse-battery"


def login(client, password: str):
    return client.post(
        reverse("accounts:login"), {"username": "alice@example.test", "password": password}
    )


@override_settings(LOGIN_FAILURE_LIMIT=5, LOGIN_LOCKOUT_MINUTES=15)
def test_five_failures_lock_the_account_even_for_the_right_password(client, alice):
    for _ in range(5):
        assert login(client, "wrong").status_code == 200

    response = login(client, PASSWORD)

    assert response.status_code == 200  # the form again, not a redirect
    assert "_auth_user_id" not in client.session
    alice.refresh_from_db()
    assert alice.locked_until > timezone.now() + dt.timedelta(minutes=14)


@override_settings(LOGIN_FAILURE_LIMIT=5, LOGIN_LOCKOUT_MINUTES=15)
def test_lock_expires_after_the_lockout_minutes(client, alice):
    for _ in range(5):
        login(client, "wrong")
    User.objects.filter(pk=alice.pk).update(locked_until=timezone.now() - dt.timedelta(seconds=1))

    assert login(client, PASSWORD).status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=5)
def test_success_resets_the_failure_count(client, alice):
    for _ in range(4):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "wrong")

    assert login(client, PASSWORD).status_code == 302
    alice.refresh_from_db()
    assert alice.failed_login_count == 0


def test_admin_creates_a_user_with_a_hashed_password(client, admin_user, kr_centre):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@example.test",
            "full_name": "Нова Працівниця",
            "role": "intake",
            "institution": kr_centre.pk,
            "territory": "",
            "usable_password": "true",
            "password1": "Zhytomyr-2025-desk",
            "password2": "Zhytomyr-2025-desk",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="new@example.test")
    assert user.password != "Zhytomyr-2025-desk"
    assert user.check_password("Zhytomyr-2025-desk")


def test_admin_lists_institutions_territories_and_specialists(client, admin_user, kr_centre):
    client.force_login(admin_user)
    for name in (
        "network_institution",
        "network_specialist",
        "network_staffingplan",
        "territory_territory",
        "accounts_user",
    ):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
