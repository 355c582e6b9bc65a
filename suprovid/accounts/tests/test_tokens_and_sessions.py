"""API tokens are hashed, expire and are revoked; sessions end when idle; the schema is for
staff only; the API is rate-limited; NUL bytes are refused."""

from __future__ import annotations

import datetime as dt
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.settings import api_settings

from suprovid.accounts.middleware import LAST_SEEN
from suprovid.core.models import AuditEntry

PASSWORD = "correct-horse-battery"


def new_token(email: str) -> str:
    out = StringIO()
    call_command("api_token", "--email", email, stdout=out)
    return out.getvalue().strip()


def test_a_token_is_stored_only_as_a_hash_and_expires(alice):
    key = new_token(alice.email)

    stored = AuthToken.objects.get(user=alice)
    assert key not in (stored.digest, stored.token_key)
    assert stored.expiry is not None
    assert stored.expiry > timezone.now() + dt.timedelta(days=29)


def test_an_expired_token_is_refused(api_client, alice):
    key = new_token(alice.email)
    AuthToken.objects.filter(user=alice).update(expiry=timezone.now() - dt.timedelta(seconds=1))

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/institutions/").status_code == 401


def test_the_command_revokes_every_token_of_a_user(api_client, alice):
    key = new_token(alice.email)
    new_token(alice.email)

    out = StringIO()
    call_command("api_token", "--email", alice.email, "--revoke", stdout=out)

    assert "2" in out.getvalue()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/institutions/").status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 2


def test_changing_the_password_on_the_page_revokes_the_tokens(client, api_client, alice):
    alice.set_password(PASSWORD)
    alice.save()
    key = new_token(alice.email)
    client.force_login(alice)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Another-long-passphrase-42",
            "new_password2": "Another-long-passphrase-42",
        },
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("Another-long-passphrase-42")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/institutions/").status_code == 401
    assert AuditEntry.objects.filter(action="user.password_changed", object_id=str(alice.pk))


def test_an_administrator_setting_a_password_is_audited_with_the_administrator(
    client, admin_user, alice
):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[alice.pk]),
        {"password1": "Admin-set-passphrase-42", "password2": "Admin-set-passphrase-42"},
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="user.password_changed").latest("id")
    assert (entry.actor, entry.object_id) == (admin_user, str(alice.pk))


def test_an_idle_session_ends(client, alice):
    client.force_login(alice)
    assert client.get(reverse("people:list")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()

    response = client.get(reverse("people:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_the_api_schema_and_docs_are_for_signed_in_staff_only(client, alice):
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").status_code in (302, 401, 403)

    client.force_login(alice)
    assert client.get("/api/schema/").status_code == 200


def test_person_search_is_rate_limited_per_user(api_client, alice):
    api_client.force_authenticate(alice)
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "person_search": "3/min"}
    with override_settings(REST_FRAMEWORK={**_rest(), "DEFAULT_THROTTLE_RATES": rates}):
        answers = [api_client.get("/api/v1/persons/?search=Ан").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def _rest() -> dict[str, object]:
    from django.conf import settings

    return dict(settings.REST_FRAMEWORK)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/persons/?territory=UA12%00",
        "/api/v1/institutions/?q=%00",
        "/people/?q=a%00b",
    ],
)
def test_a_nul_byte_in_a_query_is_a_400_not_a_500(client, alice, url):
    client.force_login(alice)

    response = client.get(url)

    assert response.status_code == 400


def test_a_nul_byte_in_a_json_body_is_a_400_in_json(api_client, alice):
    api_client.force_authenticate(alice)

    response = api_client.post(
        "/api/v1/persons/", data='{"last_name": "A\\u0000"}', content_type="application/json"
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
