"""Fixtures of the reports tests: the hand-built dataset and a coordinator per oblast."""

from __future__ import annotations

import pytest

from suprovid import testing as t
from suprovid.accounts.models import Role

from .factories import Dataset, build_dataset


@pytest.fixture
def dataset(kr_centre, zh_centre) -> Dataset:
    return build_dataset(kr_centre, zh_centre)


@pytest.fixture
def dnipro_coordinator(make_user, tree):
    return make_user(Role.COORDINATOR, email="coord.dp@example.test", territory_id=t.DNIPRO_OBLAST)


@pytest.fixture
def zh_coordinator(make_user, tree):
    return make_user(Role.COORDINATOR, email="coord.zh@example.test", territory_id=t.ZH_OBLAST)
