"""`manage.py seed_demo`: realistic synthetic demo data, never real people (contract.md).

Runs, in order, `seed(*, rng, stdout)` of each app's `demo` module in `DEMO_SEEDS`; each
reads what the earlier ones made, then gives the demo logins their second factor. One
`random.Random(seed)` makes the data reproducible. The site shell (`suprovid.web`) sits on
top of every app, so it names their seeds directly.
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from suprovid.accounts import demo as accounts_demo
from suprovid.appeals import demo as appeals_demo
from suprovid.cases import demo as cases_demo
from suprovid.network import demo as network_demo
from suprovid.people import demo as people_demo
from suprovid.programmes import demo as programmes_demo

DEMO_SEEDS = (
    network_demo.seed,
    people_demo.seed,
    cases_demo.seed,
    appeals_demo.seed,
    programmes_demo.seed,
)


class Command(BaseCommand):
    help = "Load synthetic demo data (needs import_territories first); refuses to load twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
        parser.add_argument(
            "--logins-only",
            action="store_true",
            help="only print the demo logins (make demo prints them last, to stay on screen)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("logins_only"):
            self._print_logins()
            return
        from suprovid.network.models import Institution
        from suprovid.territory.models import Territory

        found = Territory.objects.filter(pk__in=network_demo.REQUIRED_TERRITORIES).count()
        if found < len(network_demo.REQUIRED_TERRITORIES):
            raise CommandError(
                _(
                    "The territories are not loaded. Run first: "
                    "manage.py import_territories data/katottg/kodifikator-2024-01-19.xlsx"
                )
            )
        if Institution.objects.filter(code=network_demo.MARKER).exists():
            self.stdout.write(_("The demo data is already loaded; nothing was changed."))
            self._print_logins()
            return
        started = time.monotonic()
        rng = random.Random(options["seed"])
        # One transaction: if any app's seed fails, nothing is left half-loaded.
        with transaction.atomic():
            for seed in DEMO_SEEDS:
                seed(rng=rng, stdout=self.stdout)
            accounts_demo.give_second_factor(
                [email for email, *_rest in network_demo.DEMO_LOGINS.values()]
            )
        self.stdout.write(
            _("Demo data loaded in %(seconds).1f s.") % {"seconds": time.monotonic() - started}
        )
        self._print_logins()

    def _print_logins(self) -> None:
        from suprovid.network.demo import DEMO_LOGINS, DEMO_PASSWORD

        width = max(len(email) for email, *_rest in DEMO_LOGINS.values())
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password: %(password)s)") % {"password": DEMO_PASSWORD})
        self.stdout.write(f"{_('role'):<18} {_('e-mail'):<{width}}")
        self.stdout.write(f"{'-' * 18} {'-' * width}")
        for role, (email, *_rest) in DEMO_LOGINS.items():
            self.stdout.write(f"{role:<18} {email:<{width}}")
        self.stdout.write(
            _(
                "Second factor: add the key %(secret)s to an authenticator app, or print the "
                "current code with: manage.py demo_totp"
            )
            % {"secret": accounts_demo.DEMO_TOTP_SECRET}
        )
