"""Programmes test helpers: skip PostgreSQL-only tests elsewhere, a programme manager."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from suprovid.accounts.models import Role, User
from suprovid.core import testing as t
from suprovid.network.models import Institution


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    # The root conftest declares the marker but does not act on it yet.
    if request.node.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.fixture
def manager(make_user: Callable[..., User], kr_centre: Institution) -> User:
    """Kryvyi Rih's programme manager."""
    return make_user(
        Role.PROGRAMME_MANAGER,
        email="manager@example.test",
        institution=kr_centre,
        territory_id=t.KR_CITY,
    )


@pytest.fixture
def zh_manager(make_user: Callable[..., User], zh_centre: Institution) -> User:
    return make_user(
        Role.PROGRAMME_MANAGER,
        email="zh-manager@example.test",
        institution=zh_centre,
        territory_id=t.ZH_CITY,
    )
