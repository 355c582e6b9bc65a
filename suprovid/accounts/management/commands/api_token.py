"""`manage.py api_token --email E`: prints a new API token for the user.

Only a hash of the token is stored (django-rest-knox), so the key is shown once; it expires
after API_TOKEN_DAYS. `--revoke` deletes every token of the user instead.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from knox.models import AuthToken

from suprovid.accounts.models import User
from suprovid.core import requestcontext


class Command(BaseCommand):
    help = "Print a new API token (Authorization: Token <key>) for a user, or revoke them all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--revoke", action="store_true", help="Delete every API token of the user."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise CommandError(_("There is no user with the e-mail %(email)s.") % {"email": email})
        token = requestcontext.begin()
        try:
            if options["revoke"]:
                count, _rows = AuthToken.objects.filter(user=user).delete()
                self.stdout.write(
                    _("%(count)d API token(s) of %(email)s revoked.")
                    % {"count": count, "email": email}
                )
                return
            if not user.is_active:
                raise CommandError(_("The account %(email)s is disabled.") % {"email": email})
            _instance, key = AuthToken.objects.create(user=user)
            self.stdout.write(key)
        finally:
            requestcontext.end(token)
