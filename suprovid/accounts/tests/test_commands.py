"""`create_user` and `api_token` (contract.md), and the token authenticating an API call."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from suprovid import testing as t
from suprovid.accounts.models import Role, User

STRONG = "Kryvyi-Rih-2025-supr"


def create(*args: str) -> str:
    out = StringIO()
    call_command("create_user", *args, stdout=out)
    return out.getvalue()


def test_create_user_with_territory_and_password_can_log_in(client, tree):
    create(
        "--email",
        "Coord@Example.test",
        "--role",
        "coordinator",
        "--territory",
        t.ZH_OBLAST,
        "--password",
        STRONG,
    )

    user = User.objects.get(email="coord@example.test")
    assert (user.role, user.territory_id, user.territory_prefix) == (
        Role.COORDINATOR,
        t.ZH_OBLAST,
        "UA18",
    )
    response = client.post(
        reverse("accounts:login"), {"username": "coord@example.test", "password": STRONG}
    )
    assert response.status_code == 302


def test_create_user_with_institution_takes_its_territory(kr_centre):
    create("--email", "s@example.test", "--role", "specialist", "--institution", "KR-CSS")
    user = User.objects.get(email="s@example.test")
    assert (user.institution, user.territory_id) == (kr_centre, t.KR_CITY)
    assert not user.has_usable_password()


def test_admin_role_can_use_the_admin_site(tree):
    create("--email", "root@example.test", "--role", "admin", "--password", STRONG)
    user = User.objects.get(email="root@example.test")
    assert user.is_staff and user.is_superuser


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "chief"], "Unknown role “chief”; use one of: specialist, intake"),
        (["--role", "specialist", "--territory", "UA123"], "is not a КАТОТТГ code"),
        (["--role", "specialist", "--territory", "UA99999999999999999"], "There is no territory"),
        (["--role", "specialist", "--institution", "NOPE"], "no institution with the code NOPE"),
        (["--role", "specialist", "--password", "123"], "too short"),
    ],
)
def test_create_user_explains_bad_input_and_creates_nothing(tree, args, message):
    with pytest.raises(CommandError, match=message):
        create("--email", "x@example.test", *args)
    assert not User.objects.exists()


def test_create_user_refuses_an_existing_email(alice):
    with pytest.raises(CommandError, match="already exists"):
        create("--email", "alice@example.test", "--role", "intake")


def test_api_token_authenticates_an_api_call(api_client, alice):
    out = StringIO()
    call_command("api_token", "--email", "alice@example.test", stdout=out)
    key = out.getvalue().strip()

    again = StringIO()
    call_command("api_token", "--email", "alice@example.test", stdout=again)
    assert again.getvalue().strip() != key  # only hashes are stored: each call makes a new one

    assert api_client.get("/api/v1/institutions/").status_code in (401, 403)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.get("/api/v1/institutions/")
    assert response.status_code == 200
    assert [r["code"] for r in response.json()["results"]] == ["KR-CSS"]


def test_api_token_for_unknown_user_is_a_clear_error(db):
    with pytest.raises(CommandError, match=r"no user with the e-mail nobody@example\.test"):
        call_command("api_token", "--email", "nobody@example.test", stdout=StringIO())
