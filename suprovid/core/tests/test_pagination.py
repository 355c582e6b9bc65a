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


def test_the_api_counts_a_search_only_up_to_the_search_cap_and_says_so(
    monkeypatch: pytest.MonkeyPatch, api_client: Any
) -> None:
    from suprovid import testing as t
    from suprovid.accounts.models import Role
    from suprovid.core.api import base

    monkeypatch.setattr(base, "SEARCH_COUNT_CAP", 3)
    for name in ("Шевченко", "Шевчук", "Шевченко", "Шевчишин", "Шевчик"):
        t.PersonFactory(last_name=name, territory_id=None, institution=None)
    api_client.force_authenticate(t.UserFactory(role=Role.ADMIN))
    persons = "/api/v1/persons/"

    capped = api_client.get(persons, {"search": "шевч", "page_size": 2})
    exact = api_client.get(persons, {"search": "шевчук"})
    listed = api_client.get(persons)  # not a search: the ordinary cap, far above 5

    assert capped.status_code == 200
    assert capped.json()["count"] == 3
    assert capped["X-Count-Capped"] == "true"
    assert len(capped.json()["results"]) == 2 and capped.json()["next"]
    past_cap = api_client.get(persons, {"search": "шевч", "page_size": 2, "page": 3})
    assert past_cap.status_code == 404
    assert exact.json()["count"] == 1 and "X-Count-Capped" not in exact
    assert listed.json()["count"] == 5 and "X-Count-Capped" not in listed


def test_the_people_list_asks_to_narrow_a_search_past_the_search_cap(
    monkeypatch: pytest.MonkeyPatch, client: Any, make_user: Any, tree: Any
) -> None:
    from suprovid import testing as t
    from suprovid.accounts.models import Role
    from suprovid.people import views

    monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 26)  # just past one page of 25
    for n in range(30):
        t.PersonFactory(last_name=("Шевченко", "Шевчук", "Шевчишин")[n % 3], territory_id=t.KR_CITY)
    client.force_login(make_user(Role.SPECIALIST, territory_id=t.KR_CITY))

    searched = client.get("/people/", {"q": "шевч"}, HTTP_ACCEPT_LANGUAGE="en")
    browsed = client.get("/people/", HTTP_ACCEPT_LANGUAGE="en")

    assert "More than 26 records" in searched.content.decode()
    assert "30 records" in browsed.content.decode()


def test_a_list_that_fits_on_one_page_still_says_how_many_records_it_has(
    client: Any, make_user: Any, tree: Any
) -> None:
    from suprovid import testing as t
    from suprovid.accounts.models import Role

    for name in ("Шевченко", "Шевчук", "Коваленко"):
        t.PersonFactory(last_name=name, territory_id=t.KR_CITY)
    client.force_login(make_user(Role.SPECIALIST, territory_id=t.KR_CITY))

    page = client.get("/people/", {"q": "шевч"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "2 records" in page
    assert 'aria-label="Pages"' not in page  # one page: no page links
