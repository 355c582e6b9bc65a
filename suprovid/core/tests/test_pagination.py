"""Long lists say "more than 10 000" instead of counting millions of rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from suprovid.core import pagination
from suprovid.topics.models import Topic

pytestmark = pytest.mark.django_db


def test_a_list_longer_than_the_cap_is_counted_only_up_to_the_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pagination.CappedPaginator, "cap", 5)
    topics = Topic.objects.order_by("code")
    assert topics.count() > 5

    page = pagination.paginate(RequestFactory().get("/", {"page": "99"}), topics, per_page=2)

    assert page.paginator.count == 5
    assert page.paginator.capped
    assert page.number == 3  # the last page within the cap
    assert [t.code for t in page] == [topics[4].code]


def test_a_short_list_is_counted_exactly(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    topics = Topic.objects.filter(parent__isnull=True).order_by("code")
    with django_assert_max_num_queries(2):
        page = pagination.paginate(RequestFactory().get("/"), topics)
        assert page.paginator.count == topics.count()
        assert not page.paginator.capped


def test_the_api_counts_a_long_search_only_up_to_the_cap_and_says_so(
    monkeypatch: pytest.MonkeyPatch, api_client: Any
) -> None:
    from suprovid import testing as t
    from suprovid.accounts.models import Role

    monkeypatch.setattr(pagination.CappedPaginator, "cap", 3)
    for name in ("Шевченко", "Шевчук", "Шевченко", "Шевчишин", "Шевчик"):
        t.PersonFactory(last_name=name, territory_id=None, institution=None)
    api_client.force_authenticate(t.UserFactory(role=Role.ADMIN))
    client = api_client

    capped = client.get("/api/v1/persons/", {"search": "шевч", "page_size": 2})
    exact = client.get("/api/v1/persons/", {"search": "шевчук"})

    assert capped.status_code == 200
    assert capped.json()["count"] == 3
    assert capped["X-Count-Capped"] == "true"
    assert len(capped.json()["results"]) == 2 and capped.json()["next"]
    assert client.get("/api/v1/persons/", {"search": "шевч", "page_size": 2, "page": 3}).status_code == 404
    assert exact.json()["count"] == 1
    assert "X-Count-Capped" not in exact
