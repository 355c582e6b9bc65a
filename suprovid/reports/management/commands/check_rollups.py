"""Check or rebuild the monthly report roll-ups (suprovid/reports/rollups.py)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from suprovid.reports import rollups


class Command(BaseCommand):
    help = _("Compare the report roll-ups with the appeals and issues, or rebuild them.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help=_("recompute both tables"))

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["rebuild"]:
            with transaction.atomic():
                rollups.rebuild()
            self.stdout.write(
                _("Report roll-ups rebuilt in %(seconds).1f s.")
                % {"seconds": time.monotonic() - started}
            )
            return
        if not rollups.installed():
            raise CommandError(
                _("The roll-up triggers are missing. Run: manage.py migrate (it puts them back).")
            )
        wrong = {table: rows for table, rows in rollups.drift().items() if rows}
        if wrong:
            raise CommandError(
                _(
                    "The report roll-ups disagree with the rows: %(counts)s (first ones: "
                    "%(sample)s). Run: manage.py check_rollups --rebuild"
                )
                % {
                    "counts": ", ".join(f"{t} {len(r)}" for t, r in wrong.items()),
                    "sample": next(r[:3] for r in wrong.values()),
                }
            )
        self.stdout.write(_("The report roll-ups match the appeals and issues."))
