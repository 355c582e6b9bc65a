"""No page answers 500 to junk in its query string: every HTML page without path arguments
is opened with nonsense filters, by an administrator (who passes every scope check) and by
a specialist."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from suprovid import testing as t

JUNK = {
    "page": "-1",
    "q": "' OR 1=1 --",
    "sort": "no_such_column",
    "status": "🙂",
    "territory": "UA1",
    "from": "2025-13-45",
    "to": "31.02.2025",
    "year": "twenty",
    "topic": "no.such.topic",
    "due": "yesterday",
    "assignee": "everyone",
    "level": "galaxy",
    "export": "pdf",
    "person": "x",
    "month": "2025-13",
    "outcome": "lost",
    "overdue": "maybe",
    "open": "x",
    "veterans": "x",
    "kind": "zz",
    "action": "%00",
    "object_id": "x" * 300,
    "institution": "x",
    "service": "x",
    "page_size": "100000",
}
SKIP_PREFIXES = ("admin/", "api/", "i18n/", "accounts/logout")


def _pages() -> list[str]:
    urls: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern) and "<" not in route and "(" not in route:
                url = prefix + route
                if not url.startswith(SKIP_PREFIXES):
                    urls.append("/" + url)

    walk(get_resolver().url_patterns, "")
    return sorted(set(urls))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin", "specialist"])
def test_no_page_answers_500_to_junk_filters(client, who, admin_user, alice, kr_centre):
    t.make_issue(person=t.PersonFactory(), institution=kr_centre, assignee=alice)
    client.force_login(admin_user if who == "admin" else alice)
    pages = _pages()
    assert len(pages) > 15  # the walk really found the site's pages

    failures = []
    ok = 0
    for url in pages:
        for key, value in [("", ""), *JUNK.items()]:
            response = client.get(url, {key: value} if key else {})
            if response.status_code >= 500:
                failures.append((url, key, response.status_code))
            ok += response.status_code == 200
    assert failures == []
    assert ok > 100  # most requests reached real pages, not only refusals


@pytest.mark.django_db
def test_ids_written_with_unusual_digits_are_refused_not_crashing(client, alice, kr_centre):
    client.force_login(alice)
    for value in ("²", "١٢", "9" * 30):
        assert client.get("/appeals/new/family/", {"applicant": value}).status_code == 200
        response = client.post("/appeals/reassign/", {"issue": [value], "assignee": value})
        assert response.status_code < 500
