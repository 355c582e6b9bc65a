"""Writing notifications. Called inside the transaction of the event being told about."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import EMAIL_BY_DEFAULT, EmailChoice, Notification


def notify(
    *, users: Iterable[Any], kind: str, text: str, url: str = "", email: bool = True
) -> list[Notification]:
    """Tell each (active) user of an event in the app, and by e-mail where they chose it.

    Runs in the caller's transaction: if the event is rolled back, so are its notifications,
    and the e-mails are queued only once it commits. `email=False` where the caller sends
    its own e-mail for the event (the daily deadline reminder).
    """
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    if not recipients:
        return []
    created = Notification.objects.bulk_create(
        [Notification(user_id=pk, kind=kind, text=text[:300], url=url) for pk in recipients]
    )
    wants_email = email_recipients(user_ids=recipients, kind=kind) if email else set()
    for notification in created:
        if notification.user_id in wants_email and notification.pk is not None:
            transaction.on_commit(partial(_queue_email, notification.pk))
    return created


def email_recipients(*, user_ids: Iterable[int], kind: str) -> set[int]:
    """Of these users, those who want `kind` by e-mail (their choice, else the default)."""
    ids = set(user_ids)
    choices = dict(
        EmailChoice.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", "by_email")
    )
    default = kind in EMAIL_BY_DEFAULT
    return {pk for pk in ids if choices.get(pk, default)}


def email_kinds(*, user: Any) -> set[str]:
    """The kinds this user receives by e-mail."""
    from .models import NotificationKind

    choices = dict(EmailChoice.objects.filter(user=user).values_list("kind", "by_email"))
    return {k for k in NotificationKind.values if choices.get(k, k in EMAIL_BY_DEFAULT)}


def _queue_email(pk: int) -> None:
    from .tasks import send_notification_email

    send_notification_email.enqueue(pk, getattr(settings, "SITE_URL", ""))


@transaction.atomic
def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when `ids` is None)."""
    qs = Notification.objects.visible_to(user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


@transaction.atomic
def email_choices_set(*, user: Any, kinds: Iterable[str]) -> set[str]:
    """Record, for every kind, whether the user also receives it by e-mail."""
    from .models import NotificationKind

    wanted = set(kinds) & set(NotificationKind.values)
    EmailChoice.objects.filter(user=user).delete()
    EmailChoice.objects.bulk_create(
        [EmailChoice(user=user, kind=k, by_email=k in wanted) for k in NotificationKind.values]
    )
    return wanted
