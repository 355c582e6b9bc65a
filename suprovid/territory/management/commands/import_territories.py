"""`manage.py import_territories PATH [--edition YYYY-MM-DD] [--force]` (contract.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from suprovid.territory.importing import TerritoryImportError, territories_import


class Command(BaseCommand):
    help = (
        "Load the official КАТОТТГ codifier (CSV or XLSX); idempotent, all or nothing; "
        "an edition older than the loaded one is refused unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the codifier file, e.g. kodifikator-2024-01-19.xlsx")
        parser.add_argument(
            "--edition", default="", help="the codifier's edition date (default: from the name)"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="load an edition older than the one loaded (reverts later renamings)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = territories_import(
                path=options["path"], edition=options["edition"], force=options["force"]
            )
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
        if result.renamed or result.recategorised:
            self.stdout.write(
                _(
                    "%(renamed)s units renamed (former names stay searchable), "
                    "%(recategorised)s changed category."
                )
                % {"renamed": result.renamed, "recategorised": result.recategorised}
            )
        if result.abolished:
            self.stdout.write(
                _(
                    "%(count)s units are not in this edition: marked abolished, not deleted. "
                    "Records pointing to them are listed on the “Abolished territories” page."
                )
                % {"count": result.abolished}
            )
        elif result.missing_from_file:
            self.stdout.write(
                _("%(count)s units in the database are not in this file; they were kept.")
                % {"count": result.missing_from_file}
            )
