"""`manage.py send_deadline_reminders`: run the daily reminder task once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from suprovid.appeals.tasks import send_deadline_reminders, send_reminders


class Command(BaseCommand):
    help = "E-mail each specialist their due-soon (≤ 3 days) and overdue open issues."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the task for the worker instead of running it here",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = send_deadline_reminders.enqueue()
            self.stdout.write(_("Queued as %(id)s.") % {"id": result.id})
            return
        sent = send_reminders()
        self.stdout.write(_("%(count)s reminder(s) sent.") % {"count": sent})
