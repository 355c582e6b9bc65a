"""`manage.py bench_reports [--issues 1000000]`: build a synthetic database, time the reports.

SQLite: the bench database is a separate file (`var/bench.sqlite3` unless
`--sqlite-path`), never the working or the tests' database. PostgreSQL: the database of
DATABASE_URL, whose name must contain "bench" (e.g. suprovid_bench), so that a
mistyped URL cannot fill a real database with synthetic rows.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from suprovid.appeals.models import Issue
from suprovid.core.benchdb import use_bench_database


class Command(BaseCommand):
    help = "Build a synthetic database of N issues in two oblasts and time the reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--issues", type=int, default=1_000_000)
        parser.add_argument("--rebuild", action="store_true", help="rebuild even if built")
        parser.add_argument(
            "--sqlite-path", default=str(Path(settings.BASE_DIR) / "var" / "bench.sqlite3")
        )
        parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query")
        parser.add_argument(
            "--scale",
            choices=["oblasts", "national"],
            default="oblasts",
            help="oblasts: N issues in two synthetic oblasts (SQLite or PostgreSQL); national: "
            "the real КАТОТТГ, --persons persons, built set-based on PostgreSQL, timed over HTTP",
        )
        parser.add_argument("--persons", type=int, default=400_000, help="national scale only")
        parser.add_argument(
            "--http-requests", type=int, default=30, help="national: requests per figure"
        )
        parser.add_argument(
            "--mix",
            type=int,
            default=0,
            help="national: instead of the figures, N concurrent users on a mix of pages",
        )
        parser.add_argument(
            "--mix-seconds", type=float, default=60, help="national: how long the mix runs"
        )
        parser.add_argument(
            "--build-only", action="store_true", help="national: build, do not time"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        use_bench_database(
            options["sqlite_path"], write=self.stdout.write, fresh=options["rebuild"]
        )
        if options["scale"] == "national":
            self._national(options)
            return
        call_command("migrate", verbosity=0, interactive=False)
        built = Issue.objects.count()
        if options["rebuild"] or built != options["issues"]:
            if built:
                if connection.vendor != "sqlite":
                    raise CommandError(
                        f"The bench database already holds {built:,} issues; "
                        "drop and recreate it to build another size."
                    )
            else:
                self._build(options["issues"])
        self._time(options["repeat"])

    def _national(self, options: dict[str, Any]) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The national scale is built on PostgreSQL: set DATABASE_URL.")
        from suprovid.people.models import Person
        from suprovid.reports import national

        call_command("migrate", verbosity=0, interactive=False)
        built = Person.objects.count()
        if built and built != options["persons"]:
            raise CommandError(
                f"The bench database already holds {built:,} persons; "
                "drop and recreate it to build another size."
            )
        if not built:
            self.stdout.write(f"Building the national scale: {options['persons']:,} persons …")
            started = time.perf_counter()
            with transaction.atomic():
                counts = national.build(persons=options["persons"], log=self.stdout.write)
            self.stdout.write("  VACUUM ANALYZE …")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            self.stdout.write(
                f"Built in {time.perf_counter() - started:.1f} s: "
                + ", ".join(f"{k} {v:,}" for k, v in counts.items())
            )
        if options["build_only"]:
            return
        from suprovid.reports import http_bench

        if options["mix"]:
            http_bench.run_mix(
                users=options["mix"], seconds=options["mix_seconds"], log=self.stdout.write
            )
            return
        http_bench.run(requests=options["http_requests"], log=self.stdout.write)

    def _build(self, issues: int) -> None:
        from suprovid.reports.bench import build

        self.stdout.write(f"Building {issues:,} issues …")
        started = time.perf_counter()
        with transaction.atomic():  # one transaction: no commit per row on SQLite
            counts = build(issues=issues, log=self.stdout.write)
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load in production: statistics for the
            # planner and, on PostgreSQL, the visibility map that index-only scans need.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        self.stdout.write(
            f"Built in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        )

    def _time(self, repeat: int) -> None:
        from suprovid.reports import queries as q
        from suprovid.reports.bench import oblast_code
        from suprovid.reports.scope import report_scope

        zh = oblast_code("18")
        year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        scope = report_scope(territory_code=zh, user=None)
        everything = report_scope(territory_code=None, user=None)

        def timed(label: str, fn: Callable[[], Any], target: float | None = None) -> Any:
            runs, result = [], None
            for _ in range(repeat):
                started = time.perf_counter()
                result = fn()
                runs.append(time.perf_counter() - started)
            verdict = ""
            if target is not None:
                verdict = "  OK" if statistics.median(runs) < target else f"  MISSES {target} s"
            self.stdout.write(
                f"{label:<52} first {runs[0]:7.3f} s  median {statistics.median(runs):7.3f} s"
                f"  best {min(runs):7.3f} s{verdict}"
            )
            return result

        vendor = connection.vendor
        target = 1.0 if vendor == "sqlite" else 0.3
        self.stdout.write(f"\nTimings on {vendor} ({repeat} runs each):")
        data = timed(
            "summary, Zhytomyr oblast, 2025",
            lambda: q.summary(date_from=year[0], date_to=year[1], territory_code=zh),
            target,
        )
        all_data = timed(
            "summary, both oblasts, 2025",
            lambda: q.summary(date_from=year[0], date_to=year[1]),
            target,
        )
        timed("dashboard: appeals per month", lambda: q.appeals_per_month(scope, *year))
        timed("dashboard: caseload per specialist", lambda: q.caseload(scope))
        timed(
            "dashboard: positions by institution",
            lambda: q.positions_by_institution(scope, year[1]),
        )
        timed(
            "drill-down: overdue issues, first page",
            lambda: list(
                Issue.objects.filter(q.overdue_at(scope, year[1]))
                .select_related("appeal", "person", "institution", "topic")
                .order_by("received_on", "id")[:25]
            ),
        )
        timed(
            "quarterly classifier report, Q4",
            lambda: q.classifier_counts(scope, *q.quarter_bounds(2025, 4)),
        )
        timed("open data by raion, both oblasts", lambda: q.open_data(everything, *year, 2))
        self.stdout.write("\nSummary, Zhytomyr oblast, 2025:")
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        self.stdout.write(
            f"Both oblasts, 2025: appeals {all_data['appeals']:,}, issues {all_data['issues']:,}, "
            f"persons helped {all_data['persons_helped']:,}, veterans helped "
            f"{all_data['veterans_helped']:,}"
        )
