"""Check or rebuild `PersonReach`, the indexed "where each person is visible" table."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from suprovid.people.reach import reach_drift, rebuild_reach, token_drift


class Command(BaseCommand):
    help = _("Compare PersonReach with the records it is derived from, or rebuild it.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help=_("recompute the whole table"))

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["rebuild"]:
            with transaction.atomic():
                rows = rebuild_reach()
            self.stdout.write(
                _("PersonReach rebuilt: %(rows)d rows in %(seconds).1f s.")
                % {"rows": rows, "seconds": time.monotonic() - started}
            )
            return
        missing, extra = reach_drift()
        if missing or extra:
            raise CommandError(
                _(
                    "PersonReach is out of date: %(missing)d missing and %(extra)d stale rows "
                    "(first ones: %(sample)s). Run: manage.py reach --rebuild"
                )
                % {"missing": len(missing), "extra": len(extra), "sample": (missing + extra)[:3]}
            )
        wrong = token_drift()
        if wrong:
            raise CommandError(
                _(
                    "The reach words of some persons disagree with PersonReach (first ones: "
                    "%(sample)s). Run: manage.py reach --rebuild"
                )
                % {"sample": wrong[:3]}
            )
        self.stdout.write(_("PersonReach matches its sources."))
