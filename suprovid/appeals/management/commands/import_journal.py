"""`manage.py import_journal PATH [--dry-run] [--actor EMAIL]` (contract.md)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from suprovid.accounts.models import User
from suprovid.appeals.journal import journal_import, journal_write
from suprovid.core.importing import ErrorList, ImportFileError, raise_if_errors, run_atomically


class Command(BaseCommand):
    help = "Import an appeals journal (CSV or XLSX, one row per issue); all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--actor",
            default="",
            help="e-mail of the staff account the audit log names as having imported the "
            "file (default: the operating-system user running the command)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email__iexact=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(
                    _("--actor: no active staff account with the e-mail %(email)s.")
                    % {"email": options["actor"]}
                )
        errors = ErrorList()
        try:
            appeals, skipped = journal_import(options["path"], errors)
        except ImportFileError as exc:
            for line in exc.lines:
                self.stderr.write(line)
            raise CommandError(_("The file cannot be imported; nothing was written.")) from exc
        raise_if_errors(errors, self.stderr.write)
        result = run_atomically(
            lambda: journal_write(appeals, actor=actor), dry_run=options["dry_run"]
        )
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
        if result.health_without_ground:
            self.stdout.write(
                _(
                    "%(count)s row(s) of health data (a disability status or a medical, "
                    "rehabilitation or psychological issue) have no legal ground in the file "
                    "(column health_ground) and no health consent on record (Law 2297-VI "
                    "art. 7): record the consents on the persons' cards."
                )
                % {"count": result.health_without_ground}
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
