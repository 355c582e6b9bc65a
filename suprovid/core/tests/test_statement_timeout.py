"""A web request's query cannot outlive its worker: PostgreSQL cancels it at the timeout."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection

from config.settings.base import postgres_options


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi"])
def test_web_processes_get_a_statement_timeout_and_commands_none(entry_point: str) -> None:
    assert postgres_options("25000") == {"options": "-c statement_timeout=25000"}
    assert postgres_options(None) == {}
    code = f"import {entry_point}, os; print(os.environ['DB_STATEMENT_TIMEOUT_MS'])"
    env = {k: v for k, v in os.environ.items() if k != "DB_STATEMENT_TIMEOUT_MS"}
    # The entry point sets it before the settings load.
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "25000"


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_postgresql_cancels_a_query_past_the_timeout() -> None:
    import psycopg

    db = connection.settings_dict
    with (
        psycopg.connect(
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            user=db["USER"],
            dbname=db["NAME"],
            **postgres_options("100"),
        ) as conn,
        pytest.raises(psycopg.errors.QueryCanceled),
    ):
        conn.execute("SELECT pg_sleep(2)")
