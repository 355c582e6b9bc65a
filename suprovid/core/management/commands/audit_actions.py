"""`manage.py audit_actions`: the registry of audit action codes as Markdown (docs/)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from suprovid.core.audit_actions import ACTIONS


class Command(BaseCommand):
    help = "Print the audit action codes as a Markdown table (docs/audit-actions.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("# Audit action codes\n\n")
        self.stdout.write(
            "Every entry of the audit log carries one of these codes "
            "(registry: `suprovid/core/audit_actions.py`; this page is generated with "
            "`manage.py audit_actions > docs/audit-actions.md`). Entries written while serving "
            "one request share a correlation id (`X-Request-ID`).\n\n"
        )
        self.stdout.write("| code | what it records |\n| --- | --- |")
        for code, text in ACTIONS.items():
            self.stdout.write(f"| `{code}` | {text} |")
