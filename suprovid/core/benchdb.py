"""Where the benchmarks write: never into a database that is not meant for synthetic rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import connection


def use_bench_database(
    sqlite_path: str | Path, *, write: Callable[[str], Any], fresh: bool = False
) -> None:
    """Point the default connection at the bench database before anything is written.

    SQLite: the file `sqlite_path` (removed first when `fresh`). PostgreSQL: the database
    DATABASE_URL names, refused unless its name contains "bench" (so a benchmark can never
    fill a real or a test database with synthetic rows).
    """
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        path = Path(sqlite_path)
        if fresh and path.exists():
            path.unlink()
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        connection.close()
        db["NAME"] = str(path)
        write(f"SQLite bench database: {path}")
        return
    name = str(db["NAME"])
    if "bench" not in name or name.startswith("test_"):
        raise CommandError(
            f"Refusing to write synthetic rows into “{name}”: point DATABASE_URL at a "
            "database whose name contains “bench” (e.g. suprovid_bench)."
        )
    write(f"PostgreSQL bench database: {name}")
