"""`manage.py bench_import [--rows 100000] [--profile PATH]`: time `import_journal`.

Builds a synthetic journal (`suprovid.appeals.journal_bench`: Windows-1251, `;`, synthetic
Ukrainian names, valid РНОКПП, ≈30 % of the people already registered), empties what an
earlier run imported, and times the command as an operator runs it, printing rows/s.

SQLite: a separate file (`var/bench_import.sqlite3` unless `--sqlite-path`), never the
working or the tests' database. PostgreSQL: the database of DATABASE_URL, whose name must
contain "bench" (e.g. suprovid_journal_bench). DEBUG is switched off for the timed run, as
in production (with it Django keeps and formats every query it ran).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.test.utils import override_settings

from suprovid.appeals import journal_bench
from suprovid.core.benchdb import use_bench_database


class Command(BaseCommand):
    help = "Time import_journal on a synthetic journal of N rows; prints rows/s."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument(
            "--sqlite-path", default=str(Path(settings.BASE_DIR) / "var" / "bench_import.sqlite3")
        )
        parser.add_argument(
            "--profile", default="", help="write cProfile stats of the import to this file"
        )
        parser.add_argument("--top", type=int, default=25, help="profile lines to print")
        parser.add_argument("--keep", default="", help="also save the journal to this path")

    def handle(self, *args: Any, **options: Any) -> None:
        use_bench_database(options["sqlite_path"], write=self.stdout.write)
        call_command("migrate", verbosity=0, interactive=False)
        with transaction.atomic():
            fixture = journal_bench.ensure_fixture()
            journal_bench.reset()
            rows, registered = journal_bench.journal(options["rows"], fixture)
            journal_bench.register(registered)
        with tempfile.TemporaryDirectory() as tmp:
            path = journal_bench.write_journal(Path(tmp) / "journal.csv", rows)
            if options["keep"]:
                Path(options["keep"]).write_bytes(path.read_bytes())
            self.stdout.write(
                f"{connection.vendor}: {len(rows):,} rows, "
                f"{len({r['appeal_number'] for r in rows}):,} appeals, "
                f"{len(registered):,} persons registered before; importing …"
            )
            out = io.StringIO()
            profile = cProfile.Profile() if options["profile"] else None
            backend = _backend_cpu()
            with override_settings(DEBUG=False):
                cpu = time.process_time()
                started = time.perf_counter()
                if profile is not None:
                    profile.enable()
                call_command("import_journal", str(path), stdout=out)
                if profile is not None:
                    profile.disable()
                seconds = time.perf_counter() - started
                cpu = time.process_time() - cpu
            after = _backend_cpu()
            backend = after - backend if after is not None and backend is not None else None
        for line in out.getvalue().splitlines():
            if not line.startswith("  "):  # the possible duplicates themselves are left out
                self.stdout.write("  " + line)
        self.stdout.write(
            f"import_journal on {connection.vendor}: {len(rows):,} rows in {seconds:.1f} s = "
            f"{len(rows) / seconds:,.0f} rows/s"
        )
        # CPU seconds do not depend on what else the machine runs, unlike the wall clock.
        split = f"CPU: this process {cpu:.1f} s"
        if backend is not None:
            split += f", its PostgreSQL backend {backend:.1f} s"
        self.stdout.write(f"  {split} ({len(rows) / seconds:,.0f} rows/s on the wall clock)")
        if profile is not None:
            profile.dump_stats(options["profile"])
            text = io.StringIO()
            stats = pstats.Stats(profile, stream=text)
            stats.sort_stats("tottime").print_stats(options["top"])
            self.stdout.write(text.getvalue(), ending="")


def _backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, when it runs on this
    machine (read from /proc); None on SQLite or elsewhere."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
