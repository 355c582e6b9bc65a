"""Background work of the appeals app (django.tasks)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from suprovid.accounts.models import User

from . import deadlines
from .models import Issue


def due_issues_by_assignee(today: dt.date) -> dict[int, list[Issue]]:
    """Open issues overdue or due within 3 days, grouped by responsible specialist."""
    horizon = today + dt.timedelta(days=deadlines.DUE_SOON_DAYS)
    grouped: dict[int, list[Issue]] = defaultdict(list)
    qs = (
        Issue.objects.open()
        .filter(assignee__isnull=False, assignee__is_active=True, due_on__lte=horizon)
        .select_related("appeal", "topic", "person")
        .order_by("due_on", "id")
    )
    for issue in qs:
        assert issue.assignee_id is not None
        grouped[issue.assignee_id].append(issue)
    return grouped


def send_reminders(today: dt.date | None = None) -> int:
    """E-mail each specialist their due-soon and overdue issues; returns e-mails sent.

    Each specialist also gets the in-app notification (the bell). The e-mail is sent unless
    the specialist chose in-app only for deadlines (notification settings).
    """
    from django.urls import reverse

    from suprovid.notifications.models import NotificationKind
    from suprovid.notifications.services import email_recipients, notify

    today = today or timezone.localdate()
    grouped = due_issues_by_assignee(today)
    users = User.objects.in_bulk(list(grouped))
    by_email = email_recipients(user_ids=grouped, kind=NotificationKind.DEADLINE_NEAR)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user_id, issues in grouped.items():
            user = users[user_id]
            overdue = sum(1 for i in issues if i.due_on < today)
            notify(
                users=[user],
                kind=NotificationKind.DEADLINE_NEAR,
                text=_("%(soon)s issue(s) due within 3 days, %(overdue)s overdue")
                % {"soon": len(issues) - overdue, "overdue": overdue},
                url=reverse("appeals:worklist") + "?due=" + ("overdue" if overdue else "soon"),
                email=False,
            )
            if user_id not in by_email:
                continue
            body = render_to_string(
                "appeals/email/deadline_reminder.txt",
                {
                    "user": user,
                    "overdue": [i for i in issues if i.due_on < today],
                    "soon": [i for i in issues if i.due_on >= today],
                    "today": today,
                },
            )
            subject = _("Suprovid: %(count)s issue(s) due soon or overdue") % {"count": len(issues)}
            sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return sent


@task()
def send_deadline_reminders() -> int:
    """Daily: remind every specialist of their due-soon and overdue issues."""
    return send_reminders()
