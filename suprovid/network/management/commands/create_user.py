"""`manage.py create_user --email E --role R [--territory CODE] [--institution CODE]
[--password P]` (contract.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from suprovid.accounts.models import Role, User
from suprovid.accounts.services import user_create
from suprovid.network.models import Institution
from suprovid.territory.codes import is_valid_code, normalize_code
from suprovid.territory.models import Territory


class Command(BaseCommand):
    help = "Create a staff account with a role and a scope (territory and/or institution)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, help=", ".join(Role.values))
        parser.add_argument("--territory", default="", help="КАТОТТГ code of the scope")
        parser.add_argument("--institution", default="", help="the institution's code")
        parser.add_argument("--password", default="", help="omit to create without one")
        parser.add_argument("--full-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(
                _("“%(email)s” is not a valid e-mail address.") % {"email": email}
            ) from None
        if User.objects.filter(email=email).exists():
            raise CommandError(
                _("A user with the e-mail %(email)s already exists.") % {"email": email}
            )
        role = options["role"].strip()
        if role not in Role.values:
            raise CommandError(
                _("Unknown role “%(role)s”; use one of: %(roles)s.")
                % {"role": role, "roles": ", ".join(Role.values)}
            )
        territory = None
        if options["territory"]:
            code = normalize_code(options["territory"])
            if not is_valid_code(code):
                raise CommandError(
                    _("“%(code)s” is not a КАТОТТГ code (UA followed by 17 digits).")
                    % {"code": options["territory"]}
                )
            territory = Territory.objects.filter(pk=code).first()
            if territory is None:
                raise CommandError(
                    _("There is no territory %(code)s; has import_territories been run?")
                    % {"code": code}
                )
        institution = None
        if options["institution"]:
            institution = Institution.objects.filter(code=options["institution"].strip()).first()
            if institution is None:
                raise CommandError(
                    _("There is no institution with the code %(code)s; import the network first.")
                    % {"code": options["institution"]}
                )
            territory = territory or institution.territory
        try:
            user = user_create(
                email=email,
                role=role,
                territory=territory,
                institution=institution,
                password=options["password"] or None,
                full_name=options["full_name"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            _("Created %(email)s (%(role)s).")
            % {"email": user.email, "role": user.get_role_display()}
        )
        if not options["password"]:
            self.stdout.write(_("The account has no password yet; set one before it can log in."))
