"""Programmes test helpers: programme managers in two regions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from suprovid import testing as t
from suprovid.accounts.models import Role, User
from suprovid.network.models import Institution


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
