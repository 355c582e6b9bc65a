"""Long lists say "more than 10 000" instead of counting millions of rows."""

from __future__ import annotations

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
