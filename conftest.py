"""Fixtures for the whole suite: a real territory tree, institutions in two regions, staff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from suprovid import testing as t
from suprovid.accounts.models import Role, User
from suprovid.network.models import Institution, InstitutionKind
from suprovid.territory.models import Territory


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of row locks under real concurrency need PostgreSQL; on SQLite they skip."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _person_reach_is_kept(request: pytest.FixtureRequest) -> Any:
    """After every test that wrote to the database: `PersonReach` matches its sources.

    The table is derived (suprovid/people/reach.py) and kept by the services, the imports
    and the factories; a write path that forgets `refresh_reach` fails its own test here.
    """
    if "_django_db_helper" not in request.fixturenames and not request.node.get_closest_marker(
        "django_db"
    ):
        yield
        return
    request.getfixturevalue("_django_db_helper")  # set up inside this fixture: torn down after
    yield
    from suprovid.people.reach import reach_drift, token_drift

    missing, extra = reach_drift(limit=5)
    assert not missing and not extra, (
        f"PersonReach is out of date — missing {missing}, stale {extra}: a write path did not "
        "call suprovid.people.reach.refresh_reach"
    )
    wrong = token_drift(limit=5)
    assert not wrong, (
        f"Person.reach_tokens disagree with PersonReach (id, stored, expected): {wrong}"
    )


@pytest.fixture
def tree(db: Any) -> dict[str, Territory]:
    return t.build_territory_tree()


@pytest.fixture
def kr_centre(tree: dict[str, Territory]) -> Institution:
    """A social-services centre in Kryvyi Rih (Dnipropetrovsk oblast)."""
    return t.InstitutionFactory(code="KR-CSS", name="Криворізький ЦНСП", territory_id=t.KR_CITY)


@pytest.fixture
def zh_centre(tree: dict[str, Territory]) -> Institution:
    """A centre in Zhytomyr: another oblast, out of Kryvyi Rih staff's scope."""
    return t.InstitutionFactory(
        code="ZH-CSS",
        name="Житомирський ЦНСП",
        territory_id=t.ZH_CITY,
        kind=InstitutionKind.SOCIAL_SERVICES,
    )


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(role: str = Role.SPECIALIST, **kwargs: Any) -> User:
        return t.UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def alice(make_user: Callable[..., User], kr_centre: Institution) -> User:
    """A Kryvyi Rih specialist: the insider for Kryvyi Rih records."""
    return make_user(
        Role.SPECIALIST, email="alice@example.test", institution=kr_centre, territory_id=t.KR_CITY
    )


@pytest.fixture
def bob(make_user: Callable[..., User], zh_centre: Institution) -> User:
    """A Zhytomyr specialist: the outsider for Kryvyi Rih records."""
    return make_user(
        Role.SPECIALIST, email="bob@example.test", institution=zh_centre, territory_id=t.ZH_CITY
    )


@pytest.fixture
def head(make_user: Callable[..., User], kr_centre: Institution) -> User:
    """The head of the Kryvyi Rih centre (`User.is_head`): extends, decides under art. 8, 15."""
    return make_user(
        Role.COORDINATOR,
        email="head@example.test",
        institution=kr_centre,
        territory_id=t.DNIPRO_OBLAST,
        is_head=True,
    )


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMIN, email="admin@example.test", is_staff=True, is_superuser=True)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """API throttles count in the cache: each test starts with fresh counters."""
    from django.core.cache import cache

    cache.clear()
    yield
