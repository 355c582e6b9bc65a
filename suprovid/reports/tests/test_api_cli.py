"""The command line and the API give the same object; bad input is a clear error."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from knox.models import AuthToken

from suprovid import testing as t

from .factories import EXPECTED_DNIPRO

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/summary/"


def run_cli(*args: str) -> str:
    out = io.StringIO()
    call_command("report", "summary", *args, stdout=out)
    return out.getvalue()


def test_api_equals_cli_json_on_the_same_data(dataset, admin_user, api_client):
    cli = json.loads(
        run_cli(
            "--from",
            "2025-01-01",
            "--to",
            "30.06.2025",
            "--territory",
            t.DNIPRO_OBLAST,
            "--format",
            "json",
        )
    )
    api_client.force_authenticate(admin_user)
    response = api_client.get(
        URL, {"from": "2025-01-01", "to": "2025-06-30", "territory": t.DNIPRO_OBLAST}
    )
    assert response.status_code == 200
    assert response.json() == cli == EXPECTED_DNIPRO


def test_api_answers_with_a_token(dataset, dnipro_coordinator, api_client):
    _token, key = AuthToken.objects.create(user=dnipro_coordinator)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.get(URL, {"from": "2025-01-01", "to": "2025-06-30"})
    assert response.status_code == 200
    # Without a territory a coordinator gets their own oblast: the Dnipro figures.
    assert response.json()["appeals"] == EXPECTED_DNIPRO["appeals"]
    assert response.json()["territory"] is None


def test_bob_cannot_read_kryvyi_rih_figures(dataset, bob, api_client):
    api_client.force_authenticate(bob)
    response = api_client.get(
        URL, {"from": "2025-01-01", "to": "2025-06-30", "territory": t.KR_CITY}
    )
    assert response.status_code == 404
    assert "appeals" not in response.json()


def test_alice_reads_kryvyi_rih_figures(dataset, alice, api_client):
    api_client.force_authenticate(alice)
    response = api_client.get(
        URL, {"from": "2025-01-01", "to": "2025-06-30", "territory": t.KR_CITY}
    )
    assert response.status_code == 200
    assert response.json()["appeals"] == 3  # the city includes the hospital's district


def test_partner_has_no_reports(dataset, make_user, kr_centre, api_client):
    partner = make_user("partner", institution=kr_centre)
    api_client.force_authenticate(partner)
    response = api_client.get(URL, {"from": "2025-01-01", "to": "2025-06-30"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"to": "2025-06-30"}, "from"),
        ({"from": "2025-13-01", "to": "2025-06-30"}, "from"),
        ({"from": "2025-06-30", "to": "2025-01-01"}, "to"),
        ({"from": "2025-01-01", "to": "2025-06-30", "territory": "Кривий Ріг"}, "territory"),
    ],
)
def test_api_bad_parameters_are_a_400_with_a_message(admin_user, api_client, params, bad):
    api_client.force_authenticate(admin_user)
    response = api_client.get(URL, params)
    assert response.status_code == 400
    assert bad in response.json()["errors"]


def test_api_unknown_territory_is_404(tree, admin_user, api_client):
    api_client.force_authenticate(admin_user)
    response = api_client.get(
        URL, {"from": "2025-01-01", "to": "2025-06-30", "territory": "UA99999999999999999"}
    )
    assert response.status_code == 404


def test_cli_rejects_bad_dates_and_unknown_territory(tree):
    with pytest.raises(CommandError, match="--from"):
        run_cli("--from", "01/02/2025", "--to", "2025-06-30")
    with pytest.raises(CommandError, match="UA99999999999999999"):
        run_cli("--from", "2025-01-01", "--to", "2025-06-30", "--territory", "UA99999999999999999")


def test_cli_table_shows_the_headline_figures(dataset):
    out = run_cli("--from", "2025-01-01", "--to", "2025-06-30", "--territory", t.DNIPRO_OBLAST)
    lines = {line.split()[0]: line.split()[-1] for line in out.splitlines() if line.strip()}
    assert lines["appeals"] == "3"
    assert lines["veterans_helped"] == "2"
    assert lines["overdue_open_issues"] == "3"
