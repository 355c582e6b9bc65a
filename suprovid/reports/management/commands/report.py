"""`manage.py report summary --from D --to D [--territory CODE] [--format json|table]` and
`manage.py report quarterly --year Y --quarter Q [--territory CODE] --format json|xlsx
[--output PATH]` (contract.md)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from suprovid.reports.params import ParamError, parse_summary_params
from suprovid.reports.queries import summary
from suprovid.reports.scope import ReportNotFound


class Command(BaseCommand):
    help = "Headline figures of the reports (contract.md, Report summary)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        p = sub.add_parser("summary", help="the headline figures for a period and territory")
        p.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD or DD.MM.YYYY")
        p.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD or DD.MM.YYYY")
        p.add_argument("--territory", default="", help="КАТОТТГ code, any level")
        p.add_argument("--format", choices=["json", "table"], default="table")
        qp = sub.add_parser(
            "quarterly", help="the CMU 858/2008 classifier report in its numbered form"
        )
        qp.add_argument("--year", type=int, required=True)
        qp.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        qp.add_argument("--territory", default="", help="КАТОТТГ code, any level")
        qp.add_argument("--format", choices=["json", "xlsx"], default="json")
        qp.add_argument("--output", default="", help="file to write (XLSX needs one)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["report"] == "quarterly":
            self._quarterly(options)
            return
        try:
            params = parse_summary_params(
                {
                    "from": options["date_from"],
                    "to": options["date_to"],
                    "territory": options["territory"],
                }
            )
        except ParamError as exc:
            raise CommandError(
                "\n".join(f"--{key}: {message}" for key, message in exc.errors.items())
            ) from exc
        try:
            data = summary(
                date_from=params.date_from,
                date_to=params.date_to,
                territory_code=params.territory_code,
            )
        except ReportNotFound as exc:
            raise CommandError(
                _("There is no territory with the code %(code)s in the codifier.")
                % {"code": params.territory_code}
            ) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_table(data))

    def _quarterly(self, options: dict[str, Any]) -> None:
        from suprovid.reports import classifier
        from suprovid.reports.queries import quarter_bounds
        from suprovid.reports.scope import report_scope

        year, quarter = options["year"], options["quarter"]
        if not 2000 <= year <= 2100:
            raise CommandError(_("--year: give a year between 2000 and 2100."))
        code = options["territory"].strip() or None
        try:
            scope = report_scope(territory_code=code, user=None)
        except ReportNotFound as exc:
            raise CommandError(
                _("There is no territory with the code %(code)s in the codifier.") % {"code": code}
            ) from exc
        start, end = quarter_bounds(year, quarter)
        data = classifier.quarterly(scope, start, end)
        if options["format"] == "xlsx":
            if not options["output"]:
                raise CommandError(_("--output: an XLSX report needs a file to write."))
            content = classifier.quarterly_xlsx(
                data, territory_name=code or _("whole scope"), year=year, quarter=quarter
            )
            with open(options["output"], "wb") as fh:
                fh.write(content)
            return
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        else:
            self.stdout.write(text)


def format_table(data: dict[str, Any]) -> str:
    lines = [
        f"{_('Period')}: {data['period']['from']} – {data['period']['to']}",
        f"{_('Territory')}: {data['territory'] or _('whole scope')}",
    ]
    rows: list[tuple[str, Any]] = [
        ("appeals", data["appeals"]),
        ("issues", data["issues"]),
        *((f"  topic {k}", v) for k, v in data["issues_by_topic"].items()),
        *((f"  outcome {k}", v) for k, v in data["issues_by_outcome"].items()),
        ("persons_helped", data["persons_helped"]),
        ("veterans_helped", data["veterans_helped"]),
        ("positions_planned", data["positions_planned"]),
        ("specialists", data["specialists"]),
        ("specialists_in_healthcare", data["specialists_in_healthcare"]),
        ("overdue_open_issues", data["overdue_open_issues"]),
    ]
    width = max(len(label) for label, _v in rows)
    lines += [f"{label.ljust(width)}  {value:>10}" for label, value in rows]
    return "\n".join(lines)
