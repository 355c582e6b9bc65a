"""`manage.py apply_retention [--dry-run] [--enqueue] [--today D]`: the retention rules."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from suprovid.core.importing import parse_date
from suprovid.privacy.lifecycle import apply_retention
from suprovid.privacy.tasks import apply_retention_rules


class Command(BaseCommand):
    help = (
        "Anonymise persons with no activity for RETENTION_PERSON_YEARS and erase the texts of "
        "appeals closed more than RETENTION_APPEAL_TEXT_YEARS ago (report figures unchanged)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would happen, change nothing"
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the task for the worker instead of running it here",
        )
        parser.add_argument("--today", default="", help="run as of this day (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            if options["dry_run"] or options["today"]:
                raise CommandError(_("--enqueue runs the rules as of today, for real."))
            result = apply_retention_rules.enqueue()
            self.stdout.write(_("Queued as %(id)s.") % {"id": result.id})
            return
        today = None
        if options["today"]:
            try:
                today = parse_date(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today: {exc}") from exc
        run = apply_retention(today=today, dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write(_("Dry run, nothing changed."))
        for line in run.lines():
            self.stdout.write(line)
