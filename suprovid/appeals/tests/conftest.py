"""PostgreSQL-only tests (row locks, threads) skip on SQLite."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection


def pytest_collection_modifyitems(config: Any, items: list[pytest.Item]) -> None:
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)
