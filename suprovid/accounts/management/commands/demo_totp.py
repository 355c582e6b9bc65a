"""`manage.py demo_totp [--email E]`: the current second-factor code of a demo login."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from suprovid.accounts.demo import DEMO_TOTP_KEY, demo_code


class Command(BaseCommand):
    help = "Print the current 6-digit code of the demo authenticator (demo logins only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", default="", help="any demo login (default: the first)")

    def handle(self, *args: Any, **options: Any) -> None:
        devices = TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True)
        if options["email"]:
            devices = devices.filter(user__email=options["email"].strip().lower())
        device = devices.first()
        if device is None:
            raise CommandError(_("No demo authenticator found: this command serves the demo only."))
        self.stdout.write(demo_code(device))
