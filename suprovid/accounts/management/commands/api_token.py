"""`manage.py api_token --email E`: prints the user's API token, creating it if needed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from suprovid.accounts.models import User


class Command(BaseCommand):
    help = "Print an API token (Authorization: Token <key>) for a user, creating it if needed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise CommandError(_("There is no user with the e-mail %(email)s.") % {"email": email})
        if not user.is_active:
            raise CommandError(_("The account %(email)s is disabled.") % {"email": email})
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
