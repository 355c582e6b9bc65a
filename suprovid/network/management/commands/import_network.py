"""`manage.py import_network PATH [--dry-run]` (contract.md "Import files")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from suprovid.core.importing import ImportFileError, raise_if_errors, read_rows, run_atomically
from suprovid.network.importing import COLUMNS, REQUIRED, network_apply, network_check


class Command(BaseCommand):
    help = "Import institutions, their planned positions and specialists (CSV or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="CSV (UTF-8 or Windows-1251, , or ;) or XLSX")
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything and write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = read_rows(options["path"], COLUMNS, required=REQUIRED)
        except ImportFileError as exc:
            raise_if_errors(exc.lines, self.stderr.write)
            raise CommandError(str(exc)) from None  # pragma: no cover
        institutions, errors = network_check(rows)
        raise_if_errors(errors, self.stderr.write)
        dry_run = options["dry_run"]
        result = run_atomically(lambda: network_apply(institutions=institutions), dry_run=dry_run)
        summary = _(
            "%(rows)s rows: institutions %(ic)s created, %(iu)s updated; staffing plans "
            "%(pc)s changed; specialists %(sc)s created, %(su)s updated; users %(uc)s created."
        ) % {
            "rows": len(rows),
            "ic": result.institutions_created,
            "iu": result.institutions_updated,
            "pc": result.plans_changed,
            "sc": result.specialists_created,
            "su": result.specialists_updated,
            "uc": result.users_created,
        }
        if dry_run:
            summary = _("Dry run, nothing was written. %(summary)s") % {"summary": summary}
        self.stdout.write(summary)
