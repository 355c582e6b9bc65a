"""No API endpoint answers 500 to malformed input: every path of the OpenAPI schema is called
with junk parameters and bodies, as an administrator (who passes every scope check, so the
request reaches the deepest code)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

from suprovid import testing as t

JUNK_QUERY = {
    "page": "abc",
    "page_size": "-5",
    "search": "' OR 1=1 --\x00",
    "from": "2025-13-45",
    "to": "31.02.2025",
    "territory": "UA123",
    "person": "nope",
    "status": "🙂",
    "ordering": "-no_such_field",
}
JUNK_BODIES: list[Any] = [
    {},
    {"id": "x", "version": "old", "received_on": "yesterday", "issues": "many"},
    {"person": -1, "service": {"a": 1}, "quantity": 10**12, "delivered_on": "2025-02-30"},
    ["not", "an", "object"],
]


def _paths() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    calls = []
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in {"get", "post", "put", "patch", "delete"}:
                calls.append((method, path))
    return calls


@pytest.fixture
def admin_client(api_client, admin_user, kr_centre):
    t.make_issue(person=t.PersonFactory(), institution=kr_centre)
    api_client.force_authenticate(admin_user)
    return api_client


@pytest.mark.django_db
def test_no_endpoint_answers_500_to_junk(admin_client):
    calls = _paths()
    assert len(calls) > 20  # the schema really lists the API
    failures = []
    answered: dict[int, int] = {}
    for method, path in calls:
        for ident in ("1", "999999", "abc"):
            url = re.sub(r"\{[^}]+\}", ident, path)
            if method == "get":
                for key, value in [("", ""), *JUNK_QUERY.items()]:
                    response = admin_client.get(url, {key: value} if key else {})
                    answered[response.status_code] = answered.get(response.status_code, 0) + 1
                    if response.status_code >= 500:
                        failures.append((method, url, key, response.status_code))
                continue
            for body in JUNK_BODIES:
                response = getattr(admin_client, method)(url, body, format="json")
                if response.status_code >= 500:
                    failures.append((method, url, response.status_code, body))
            response = getattr(admin_client, method)(
                url, "{broken json", content_type="application/json"
            )
            if response.status_code >= 500:
                failures.append((method, url, response.status_code, "broken json"))
            if "{" not in path:
                break
    assert failures == []
    assert answered.get(200, 0) > 50  # the calls reached real views, not only 404s
