"""`manage.py import_journal PATH [--dry-run]` (contract.md)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from suprovid.appeals.journal import journal_import, journal_write
from suprovid.core.importing import ErrorList, ImportFileError, raise_if_errors, run_atomically


class Command(BaseCommand):
    help = "Import an appeals journal (CSV or XLSX, one row per issue); all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        errors = ErrorList()
        try:
            appeals, skipped = journal_import(options["path"], errors)
        except ImportFileError as exc:
            for line in exc.lines:
                self.stderr.write(line)
            raise CommandError(_("The file cannot be imported; nothing was written.")) from exc
        raise_if_errors(errors, self.stderr.write)
        result = run_atomically(lambda: journal_write(appeals), dry_run=options["dry_run"])
        prefix = _("Dry run, nothing written: ") if options["dry_run"] else ""
        self.stdout.write(
            prefix
            + _(
                "%(appeals)s appeals with %(issues)s issues imported, %(persons)s persons "
                "created, %(skipped)s appeals already registered (%(seconds).1f s)."
            )
            % {
                "appeals": result.appeals,
                "issues": result.issues,
                "persons": result.persons_created,
                "skipped": skipped,
                "seconds": time.monotonic() - started,
            }
        )
        if result.possible_duplicates:
            self.stdout.write(
                _(
                    "%(count)s new person(s) may be already registered; nothing was attached "
                    "automatically. Review them (People → Possible duplicates):"
                )
                % {"count": len(result.possible_duplicates)}
            )
            for possible in result.possible_duplicates:
                self.stdout.write("  " + possible.line())
