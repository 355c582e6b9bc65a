"""Cross-cutting models: the audit log and the base classes every domain model uses."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def visible_to(self, user: Any) -> AuditEntryQuerySet:
        """Readers of the log (auditors, administrators) see the entries of their own scope:
        entries whose object lies in their territory subtree or belongs to their
        institution (`scope_territory`, `scope_institution`, written with the entry)."""
        # The user carries its capabilities and scope (`accounts.models.User.can` and
        # `.scope`): core sits below accounts and does not import it.
        if not getattr(user, "is_authenticated", False) or not user.can("audit.read"):
            return self.none()
        scope = user.scope.without_user()
        if scope.unlimited:
            return self.all()
        return self.filter(scope.q(territory="scope_territory", institution="scope_institution"))


class AuditEntry(models.Model):
    """One write of personal data, or one view of a person's card.

    Entries are append-only: the model refuses updates and deletes, the admin is read-only,
    and there is no view that changes them (Law 2297-VI: who saw and changed what).
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_repr = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # Where the entry belongs, copied from its object when written (`audit.object_scope`),
    # so the log is scoped like the data it describes. Plain values, not foreign keys:
    # the log outlives the rows it mentions.
    scope_territory = models.CharField(_("territory of the record"), max_length=19, blank=True)
    scope_institution = models.PositiveIntegerField(
        _("institution of the record"), null=True, blank=True
    )
    # Groups the entries written while serving one request (or one command run).
    correlation_id = models.CharField(
        _("request id"), max_length=32, blank=True, default="", db_index=True
    )

    objects: ClassVar[AuditEntryQuerySet] = AuditEntryQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_at_idx"),
            models.Index(fields=["scope_territory", "at"], name="audit_territory_at_idx"),
            models.Index(fields=["scope_institution", "at"], name="audit_institution_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted.")


class TimeStampedModel(models.Model):
    """Creation and modification times for every domain record."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """Optimistic locking: every save through a service bumps `version`.

    A form or API call carries the version it was read at; a save over a newer version
    is refused (see `suprovid.core.concurrency.save_versioned`) instead of overwriting.
    """

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class SavedFilterQuerySet(models.QuerySet["SavedFilter"]):
    def visible_to(self, user: Any) -> SavedFilterQuerySet:
        """A saved filter is its owner's only."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user_id=user.pk)


class SavedFilter(models.Model):
    """A named set of list filters a user keeps (the query string of a list page)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    page = models.CharField(_("page"), max_length=32)
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters"), max_length=500)

    objects = SavedFilterQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "page", "name"], name="saved_filter_unique")
        ]

    def __str__(self) -> str:
        return self.name
