"""The head's decisions (Law 393/96 arts. 8, 15 part 2, 20): proposed by staff, decided by the head
or a deputy."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suprovid.accounts.models import User
from suprovid.core.audit import audit_record, changed, snapshot

from .. import deadlines
from ..models import (
    Activity,
    ActivityKind,
    Appeal,
    DecisionKind,
    DecisionStatus,
    HeadDecision,
    Issue,
    IssueStatus,
    NotConsideredGround,
    Outcome,
)
from ..permissions import can_decide_as_head
from .common import _today
from .issues import issue_close, issue_extend


@transaction.atomic
def decision_propose(
    *,
    actor: User,
    appeal: Appeal,
    kind: str,
    reason: str,
    issue: Issue | None = None,
    until: dt.date | None = None,
    ground: str = "",
) -> HeadDecision:
    """Propose a decision the head takes; a head's own proposal is approved at once.

    Extension needs `issue` and `until` (checked against the 45-day ceiling now, so the
    head never sees an impossible proposal); not considering needs `issue` and a `ground`.
    """
    errors: dict[str, str] = {}
    if kind not in DecisionKind.values:
        errors["kind"] = _("Unknown decision.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the head.")
    if issue is not None and issue.appeal_id != appeal.pk:
        errors["issue"] = _("The issue belongs to another appeal.")
    if kind in (DecisionKind.EXTENSION, DecisionKind.NOT_CONSIDERED):
        if issue is None:
            errors["issue"] = _("Choose the issue.")
        elif issue.status == IssueStatus.CLOSED:
            errors["issue"] = _("The issue is closed; reopen it first.")
    if kind == DecisionKind.EXTENSION and issue is not None:
        if until is None:
            errors["until"] = _("Give the new deadline.")
        else:
            try:
                deadlines.check_extension(
                    received_on=issue.received_on, current_due=issue.due_on, new_due=until
                )
            except deadlines.DeadlineError as exc:
                errors["until"] = str(exc)
    if kind == DecisionKind.NOT_CONSIDERED and ground not in NotConsideredGround.values:
        errors["ground"] = _("Choose a ground of art. 8.")
    if errors:
        raise ValidationError(errors)
    decision = HeadDecision.objects.create(
        appeal=appeal,
        issue=issue,
        kind=kind,
        until=until if kind == DecisionKind.EXTENSION else None,
        ground=ground if kind == DecisionKind.NOT_CONSIDERED else "",
        reason=reason,
        proposed_by=actor,
    )
    audit_record(actor=actor, action="decision.proposed", obj=decision, after=snapshot(decision))
    Activity.objects.create(
        appeal=appeal,
        issue=issue,
        kind=ActivityKind.STATUS_CHANGE,
        text=_("Proposed to the head: %(kind)s") % {"kind": DecisionKind(kind).label},
        author=actor,
    )
    if can_decide_as_head(actor):
        decision_decide(actor=actor, decision=decision, approve=True)
    return decision


@transaction.atomic
def decision_decide(
    *, actor: User, decision: HeadDecision, approve: bool, note: str = ""
) -> HeadDecision:
    """The head approves (and so applies) or rejects a proposed decision."""
    if not can_decide_as_head(actor):
        raise ValidationError(_("Only the head or a deputy takes this decision."))
    locked = HeadDecision.objects.select_for_update().get(pk=decision.pk)
    if locked.status != DecisionStatus.PROPOSED:
        raise ValidationError(_("This decision was already taken."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why the proposal is rejected.")})
    before = snapshot(locked)
    locked.status = DecisionStatus.APPROVED if approve else DecisionStatus.REJECTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_note = note
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    b, a = changed(before, snapshot(locked))
    audit_record(
        actor=actor,
        action="decision.approved" if approve else "decision.rejected",
        obj=locked,
        before=b,
        after=a,
    )
    if approve:
        _apply_decision(actor=actor, decision=locked)
    decision.status = locked.status
    decision.decided_by = actor
    decision.decided_at = locked.decided_at
    decision.decision_note = note
    return locked


def _apply_decision(*, actor: User, decision: HeadDecision) -> None:
    appeal = decision.appeal
    if decision.kind == DecisionKind.EXTENSION and decision.issue is not None:
        assert decision.until is not None
        issue = Issue.objects.get(pk=decision.issue.pk)
        issue_extend(
            actor=actor, issue=issue, version=None, until=decision.until, reason=decision.reason
        )
    elif decision.kind == DecisionKind.NOT_CONSIDERED and decision.issue is not None:
        issue = Issue.objects.get(pk=decision.issue.pk)
        issue_close(
            actor=actor,
            issue=issue,
            version=None,
            outcome=Outcome.NOT_CONSIDERED,
            resolution=decision.reason,
            not_considered_ground=decision.ground,
        )
    elif decision.kind == DecisionKind.HEAD_PERSONALLY:
        before = snapshot(appeal)
        appeal.head_personally = True
        appeal.head_considered_by = actor
        appeal.head_considered_on = _today()
        appeal.save(
            update_fields=[
                "head_personally",
                "head_considered_by",
                "head_considered_on",
                "updated_at",
            ]
        )
        b, a = changed(before, snapshot(appeal))
        audit_record(actor=actor, action="appeal.head_considered", obj=appeal, before=b, after=a)
