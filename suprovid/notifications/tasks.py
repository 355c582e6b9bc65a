"""Background work of notifications: the e-mail copy, sent through django.tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Notification


@task()
def send_notification_email(notification_id: int, base_url: str = "") -> int:
    """E-mail one notification to its user (queued after the event's transaction commits)."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.is_active or not notification.user.email:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "notifications/email/notification.txt",
            {"notification": notification, "base_url": base_url},
        )
        subject = _("Suprovid: %(text)s") % {"text": notification.text[:120]}
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.user.email])
