"""In-app notifications of events a staff member must act on, and their e-mail choices."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REFERRAL_NEW = "referral_new", _("a new referral to my institution")
    REFERRAL_ACCEPTED = "referral_accepted", _("my referral was accepted")
    REFERRAL_DECLINED = "referral_declined", _("my referral was declined")
    REFERRAL_COMPLETED = "referral_completed", _("my referral was completed")
    DEADLINE_NEAR = "deadline_near", _("issues of mine due soon or overdue")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def visible_to(self, user: Any) -> NotificationQuerySet:
        """A notification is its addressee's only: nobody else sees it, admins included."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user_id=user.pk)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One event told to one user: a line of text and where to go to act on it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.text


# Kinds that come by e-mail until the user says otherwise: the daily deadline reminder was
# e-mailed before anyone could choose, and nobody should silently lose it.
EMAIL_BY_DEFAULT = frozenset({NotificationKind.DEADLINE_NEAR})


class EmailChoice(models.Model):
    """Whether the user also wants this kind by e-mail (no row: `EMAIL_BY_DEFAULT`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_emails"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    by_email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("e-mail choice")
        verbose_name_plural = _("e-mail choices")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_email_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"
