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
    assert postgres_options("25000", "32MB") == {
        "options": "-c statement_timeout=25000 -c work_mem=32MB"
    }
    assert postgres_options(None) == {}
    code = (
        f"import {entry_point}, os; "
        "print(os.environ['DB_STATEMENT_TIMEOUT_MS'], os.environ['DB_WORK_MEM'])"
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("DB_STATEMENT_TIMEOUT_MS", "DB_WORK_MEM")
    }
    # The entry point sets them before the settings load.
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "25000 32MB"


def test_a_mistyped_work_mem_stops_the_start_with_a_clear_message() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="DB_WORK_MEM='32mb; DROP'"):
        postgres_options(None, "32mb; DROP")


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
