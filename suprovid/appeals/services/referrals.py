"""Referring an issue to another institution, and the partner's answers (accept, decline,
complete)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suprovid.accounts.models import User
from suprovid.core.audit import audit_record, changed, snapshot
from suprovid.core.concurrency import StaleObjectError
from suprovid.network.models import Institution
from suprovid.people.models import (
    Consent,
    ConsentPurpose,
    Person,
)

from ..models import (
    Activity,
    ActivityKind,
    Issue,
    IssueStatus,
    Referral,
    ReferralStatus,
)
from .common import _log_status, _today


def sharing_consent(person: Person, on: dt.date | None = None) -> Consent | None:
    """The person's active consent to share data with partners, if any."""
    day = on or _today()
    return (
        Consent.objects.filter(
            person=person,
            purpose=ConsentPurpose.SHARING,
            given_on__lte=day,
            withdrawn_on__isnull=True,
        )
        .order_by("-given_on")
        .first()
    )


@transaction.atomic
def referral_send(
    *,
    actor: User,
    issue: Issue,
    institution: Institution,
    due_on: dt.date,
    shared_note: str = "",
    consent: Consent | None = None,
) -> Referral:
    """Refer an issue to an institution; sharing needs the person's active consent."""
    if issue.status == IssueStatus.CLOSED:
        raise ValidationError({"issue": _("A closed issue cannot be referred: reopen it first.")})
    if issue.person is None:
        raise ValidationError({"issue": _("An issue of an anonymous appeal cannot be referred.")})
    consent = consent or sharing_consent(issue.person)
    if (
        consent is None
        or consent.person_id != issue.person_id
        or consent.purpose != ConsentPurpose.SHARING
        or consent.withdrawn_on is not None
    ):
        raise ValidationError(
            {"consent": _("The person has no active consent to share data with partners.")}
        )
    if due_on < _today():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    if institution.pk == issue.institution_id:
        raise ValidationError({"institution": _("Refer to another institution.")})
    referral = Referral.objects.create(
        issue=issue,
        institution=institution,
        due_on=due_on,
        consent=consent,
        shared_note=shared_note,
        created_by=actor,
    )
    audit_record(actor=actor, action="referral.sent", obj=referral, after=snapshot(referral))
    _log_status(issue, actor=actor, text=_("Referred to %(inst)s") % {"inst": institution})
    _notify_referral(referral, status=ReferralStatus.SENT)
    return referral


def _notify_referral(referral: Referral, *, status: str) -> None:
    """Tell the other side of a referral (in the app, and by e-mail where chosen)."""
    from django.urls import reverse

    from suprovid.accounts.models import Role
    from suprovid.notifications.models import NotificationKind
    from suprovid.notifications.services import notify

    topic = referral.issue.topic
    if status == ReferralStatus.SENT:
        notify(
            users=User.objects.filter(
                institution_id=referral.institution_id, role=Role.PARTNER, is_active=True
            ),
            kind=NotificationKind.REFERRAL_NEW,
            text=_("New referral: %(topic)s, due %(date)s")
            % {"topic": topic, "date": referral.due_on.strftime("%d.%m.%Y")},
            url=reverse("appeals:referral_detail", args=[referral.pk]),
        )
        return
    kind = {
        ReferralStatus.ACCEPTED: NotificationKind.REFERRAL_ACCEPTED,
        ReferralStatus.DECLINED: NotificationKind.REFERRAL_DECLINED,
        ReferralStatus.COMPLETED: NotificationKind.REFERRAL_COMPLETED,
    }.get(ReferralStatus(status))
    if kind is not None and referral.created_by is not None:
        notify(
            users=[referral.created_by],
            kind=kind,
            text=_("Referral to %(inst)s (%(number)s, %(topic)s): %(status)s")
            % {
                "inst": referral.institution,
                "number": referral.issue.appeal.number,
                "topic": topic,
                "status": ReferralStatus(status).label,
            },
            url=reverse("appeals:issue_detail", args=[referral.issue_id]),
        )


class ReferralAlreadyAnswered(StaleObjectError):
    """Someone else answered the referral after it was read: nothing was saved.

    A `StaleObjectError`, so the API answers 409 and pages show the message, keeping the
    answer the person wrote so that they can reread the referral and decide again.
    """

    def __init__(self, current: str | None) -> None:
        self.current = current
        label = ReferralStatus(current).label if current in ReferralStatus.values else "—"
        super().__init__(
            _(
                "The referral was already answered by someone else (it is now “%(status)s”). "
                "Your answer was not saved."
            )
            % {"status": label}
        )


def _referral_respond(
    *,
    actor: User,
    referral: Referral,
    status: str,
    action: str,
    allowed_from: Sequence[str],
    read_status: str | None = None,
    **values: Any,
) -> Referral:
    """Move the referral to `status`, only if it is still in the status it was read in.

    `read_status` is the status the person saw (the page or API response they answered);
    by default the status of `referral` as loaded. The row is updated with
    `WHERE status = <read status>`, so of two answers given at the same time only the
    first is applied and the second gets `ReferralAlreadyAnswered`.
    """
    read = referral.status if read_status is None else read_status
    if read != referral.status:
        raise ReferralAlreadyAnswered(referral.status)
    if read not in allowed_from:
        if read_status is None:  # it moved on before this request loaded it
            raise ReferralAlreadyAnswered(referral.status)
        raise ValidationError(_("This referral was already answered."))
    before = snapshot(referral)
    values["status"] = status
    values["updated_at"] = timezone.now()
    updated = Referral.objects.filter(pk=referral.pk, status=read).update(**values)
    if not updated:
        current = Referral.objects.filter(pk=referral.pk).values_list("status", flat=True).first()
        raise ReferralAlreadyAnswered(current)
    for name, value in values.items():
        setattr(referral, name, value)
    b, a = changed(before, snapshot(referral))
    audit_record(actor=actor, action=action, obj=referral, before=b, after=a)
    Activity.objects.create(
        appeal_id=referral.issue.appeal_id,
        issue_id=referral.issue_id,
        kind=ActivityKind.STATUS_CHANGE,
        text=_("Referral to %(inst)s: %(status)s")
        % {"inst": referral.institution, "status": ReferralStatus(status).label},
        author=actor,
    )
    _notify_referral(referral, status=status)
    return referral


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, read_status: str | None = None) -> Referral:
    """The receiving institution takes the referral on.

    Raises `ReferralAlreadyAnswered` when someone answered it since `read_status`.
    """
    return _referral_respond(
        actor=actor,
        referral=referral,
        read_status=read_status,
        status=ReferralStatus.ACCEPTED,
        action="referral.accepted",
        allowed_from=[ReferralStatus.SENT],
        responded_at=timezone.now(),
    )


@transaction.atomic
def referral_decline(
    *, actor: User, referral: Referral, reason: str, read_status: str | None = None
) -> Referral:
    """The receiving institution declines, saying why.

    Raises `ReferralAlreadyAnswered` when someone answered it since `read_status`.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is declined.")})
    return _referral_respond(
        actor=actor,
        referral=referral,
        read_status=read_status,
        status=ReferralStatus.DECLINED,
        action="referral.declined",
        allowed_from=[ReferralStatus.SENT],
        responded_at=timezone.now(),
        decline_reason=reason,
    )


@transaction.atomic
def referral_complete(
    *,
    actor: User,
    referral: Referral,
    outcome_text: str,
    completed_on: dt.date | None = None,
    read_status: str | None = None,
) -> Referral:
    """The receiving institution reports what it did.

    Raises `ReferralAlreadyAnswered` when someone answered it since `read_status`.
    """
    if not outcome_text.strip():
        raise ValidationError({"outcome_text": _("Describe the outcome.")})
    return _referral_respond(
        actor=actor,
        referral=referral,
        read_status=read_status,
        status=ReferralStatus.COMPLETED,
        action="referral.completed",
        allowed_from=[ReferralStatus.SENT, ReferralStatus.ACCEPTED],
        outcome_text=outcome_text,
        completed_on=completed_on or _today(),
        responded_at=referral.responded_at or timezone.now(),
    )
