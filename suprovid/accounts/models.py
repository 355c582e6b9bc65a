"""Staff accounts, their role and their scope (a territory subtree and/or an institution)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suprovid.territory.codes import territory_prefix


class Role(models.TextChoices):
    SPECIALIST = "specialist", _("Support specialist")
    INTAKE = "intake", _("Front desk")
    COORDINATOR = "coordinator", _("Coordinator")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    PARTNER = "partner", _("Partner institution")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


# Roles that work with people's records (casework, front desk, programmes).
CASEWORK_ROLES = frozenset({Role.SPECIALIST, Role.INTAKE, Role.COORDINATOR, Role.ADMIN})
PEOPLE_ROLES = CASEWORK_ROLES | {Role.PROGRAMME_MANAGER}


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(role=Role.ADMIN, is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. What they may see is decided by `role` plus `territory`/`institution`."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, db_index=True)
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The user sees everything inside this territory (any КАТОТТГ level)."),
    )
    institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    is_head = models.BooleanField(
        _("head or deputy head"),
        default=False,
        help_text=_(
            "Head or deputy head of their institution: extends deadlines and takes the "
            "decisions the law reserves to the head (Law 393/96 art. 15, 20)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("can use the admin site"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # `set_password` keeps the new raw password until the save; a changed password
        # revokes every API token of the account (whoever changed it: the user, an
        # administrator, a command) and is recorded in the audit log.
        password_changed = self.pk is not None and getattr(self, "_password", None) is not None
        had_password = password_changed and any(
            old and not old.startswith("!")
            for old in User.objects.filter(pk=self.pk).values_list("password", flat=True)
        )
        super().save(*args, **kwargs)
        if password_changed:
            from knox.models import AuthToken

            from suprovid.core.audit import audit_event

            AuthToken.objects.filter(user=self).delete()
            # Setting a first password (a new account) is part of creating it, not a change.
            if had_password:
                audit_event(action="user.password_changed", obj=self)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @cached_property
    def territory_prefix(self) -> str | None:
        """The code prefix shared by every unit of the user's territory subtree."""
        return territory_prefix(self.territory_id) if self.territory_id else None

    # Set on each request by django-otp's OTPMiddleware: whether this session confirmed a
    # second factor.
    is_verified: Callable[[], bool]

    def can(self, capability: str) -> bool:
        """Whether this account's role grants `capability` (`accounts.capabilities`), for
        modules below accounts (the audit log's queryset) that must not import it."""
        from .capabilities import user_can

        return user_can(self, capability)

    @property
    def scope(self) -> Any:
        """`Scope.of(self)` (`accounts.scope`), for the same modules."""
        from .scope import Scope

        return Scope.of(self)

    @property
    def works_with_people(self) -> bool:
        return self.sees_everything or self.role in PEOPLE_ROLES

    @property
    def is_coordinator(self) -> bool:
        return self.sees_everything or self.role == Role.COORDINATOR

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER
