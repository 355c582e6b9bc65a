"""`manage.py import_territories PATH.xlsx [--edition YYYY-MM-DD]` (contract.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from suprovid.territory.importing import TerritoryImportError, territories_import


class Command(BaseCommand):
    help = "Load the official КАТОТТГ codifier (XLSX); idempotent, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the codifier file, e.g. kodifikator-2024-01-19.xlsx")
        parser.add_argument(
            "--edition", default="", help="the codifier's edition date (default: from the name)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = territories_import(path=options["path"], edition=options["edition"])
        except (TerritoryImportError, FileNotFoundError) as exc:
            lines = getattr(exc, "lines", [str(exc)])
            for line in lines:
                self.stderr.write(line)
            raise CommandError(
                _("%(count)s error(s) found; nothing was written.") % {"count": len(lines)}
            ) from None
        self.stdout.write(
            _(
                "КАТОТТГ edition %(edition)s: %(rows)s units read, %(created)s created, "
                "%(updated)s updated, %(unchanged)s unchanged in %(seconds).1f s."
            )
            % {
                "edition": result.edition,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "seconds": result.seconds,
            }
        )
        if result.missing_from_file:
            self.stdout.write(
                _("%(count)s units in the database are not in this file; they were kept.")
                % {"count": result.missing_from_file}
            )
